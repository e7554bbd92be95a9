//! Stage 3: the typed journey map (format version 1, see docs/format.md).
//!
//! These types are the single source of truth for the format: serde reads maps into them and
//! schemars derives `schema/journeymap.schema.json` from them, so their doc comments are the
//! schema's descriptions and what editors show on hover. Every struct denies unknown keys.

pub mod facts;
pub mod scalars;
mod shared;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use scalars::{Color, FormatVersion, Id, IsoDate, MetricValue, Score, Ticket, TimeOfDay};

/// Names and texts hold something a reader can see: at least one character that is neither
/// a space of any kind nor an invisible format character (U+FEFF, zero-width spaces). A name
/// of only U+3000 passes a length check but draws nothing and breaks Mermaid's syntax.
pub const VISIBLE_TEXT: &str = r"[^\s\uFEFF\u200B\u200C\u200D\u2060]";

/// A customer journey map: personas, stages and the steps a customer takes through them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Journey map")]
pub struct JourneyMap {
    /// The format version. Always `1` for this version of the format.
    pub journeymap: FormatVersion,
    /// A stable slug that names this map, e.g. `grocery-checkout`.
    pub id: Id,
    /// The map's title, shown at the top of every diagram.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT), example = &"Online grocery checkout")]
    pub title: String,
    /// What journey this map describes, and for whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the map shows today's experience (`current`) or the one being designed (`future`).
    #[serde(default, skip_serializing_if = "State::is_current")]
    pub state: State,
    /// What kind of map this is, which decides how it is drawn.
    #[serde(default, skip_serializing_if = "Kind::is_journey")]
    pub kind: Kind,
    /// For a future-state map: the current-state map it improves on, as a path relative to
    /// this file. `journeymap diff FUTURE` compares the two as a gap analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"grocery-checkout.journey.yaml")]
    pub baseline: Option<String>,
    /// The map this one zooms into from above (the journey a sub-journey or blueprint belongs
    /// to), as a path relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"onboarding.journey.yaml")]
    pub parent: Option<String>,
    /// Library files whose personas and channels this map uses by id, as paths relative to
    /// this file (`journeymap.toml` can name libraries for every map under it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = &["../shared/people.library.yaml"])]
    pub libraries: Vec<String>,
    /// The team or person who keeps this map true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The roles that use or contribute to this map.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = &["Agent", "QA", "Team lead"])]
    pub stakeholders: Vec<String>,
    /// Free-form labels for finding maps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The language the map is written in, as a BCP 47 tag (`en`, `ja`, `pt-BR`): the
    /// diagram's own words (lane names, legend, "Lowest") follow it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"), example = &"ja")]
    pub language: Option<String>,
    /// When the map was last reviewed, and how often it should be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The people whose journey this is: each defined here, or named by the id it has in a
    /// library (`personas: [busy-parent]`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "shared::persona_entries"
    )]
    #[schemars(with = "Vec<PersonaEntry>")]
    pub personas: Vec<Persona>,
    /// Channels beyond the built-in ones (web, app, email, phone, chat, sms, social, store,
    /// mail, in-person, self-service, video, partner, ads). Channels defined in a library need
    /// no declaration here: touchpoints name them by id.
    #[serde(
        default,
        skip_serializing_if = "shared::only_shared_channels",
        serialize_with = "shared::serialize_own_channels"
    )]
    pub channels: Vec<Channel>,
    /// The phases of the journey, in order. At least one.
    #[schemars(length(min = 1))]
    pub stages: Vec<Stage>,
}

/// Whether a map shows the experience as it is or as it is meant to become.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The experience as customers have it today.
    #[default]
    Current,
    /// The experience being designed.
    Future,
}

impl State {
    pub fn is_current(&self) -> bool {
        *self == State::Current
    }

    /// The name in the format (`current`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Current => "current",
            State::Future => "future",
        }
    }

    /// How a diagram or page says it (`Current state`).
    pub fn display_name(self) -> &'static str {
        match self {
            State::Current => "Current state",
            State::Future => "Future state",
        }
    }
}

/// The kind of map, which decides how it is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The customer's path, stage by stage.
    #[default]
    Journey,
    /// A journey whose frontstage, backstage and support lanes matter, drawn with the lines of
    /// interaction, visibility and internal interaction.
    ServiceBlueprint,
    /// Stages are parts of a day; stages and steps may carry a `time`.
    DayInTheLife,
}

impl Kind {
    pub fn is_journey(&self) -> bool {
        *self == Kind::Journey
    }

    /// The name in the format (`service-blueprint`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Journey => "journey",
            Kind::ServiceBlueprint => "service-blueprint",
            Kind::DayInTheLife => "day-in-the-life",
        }
    }

    /// How a diagram or page says it (`Service blueprint`).
    pub fn display_name(self) -> &'static str {
        match self {
            Kind::Journey => "Journey map",
            Kind::ServiceBlueprint => "Service blueprint",
            Kind::DayInTheLife => "Day in the life",
        }
    }
}

/// When the map was last reviewed and how often it must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The date of the last review (ISO 8601, `YYYY-MM-DD`).
    pub last: IsoDate,
    /// How often the map should be reviewed; `check` warns when a review is overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Cadence>,
}

/// How often a map is reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Cadence {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    HalfYearly,
    /// Every twelve months.
    Yearly,
}

impl Cadence {
    /// The number of months between reviews.
    pub fn months(self) -> u32 {
        match self {
            Cadence::Monthly => 1,
            Cadence::Quarterly => 3,
            Cadence::HalfYearly => 6,
            Cadence::Yearly => 12,
        }
    }
}

/// A person (or segment) whose journey the map follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// A slug that steps and per-persona emotions refer to, e.g. `busy-parent`.
    pub id: Id,
    /// The persona's display name, e.g. `Priya, busy parent`.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub name: String,
    /// Who this persona is: situation, context, what they are trying to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Something this persona would say, in their own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// What the persona wants to achieve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    /// What annoys or blocks the persona today.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frustrations: Vec<String>,
    /// What the persona needs from the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// The persona's empathy map, drawn by `render --view empathy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empathy: Option<Empathy>,
    /// Where the definition came from: `Some(library file)` when the map names the persona
    /// by id and a library defines it. Not part of the format.
    #[serde(skip)]
    #[schemars(skip)]
    pub shared: Option<String>,
}

/// A persona in a map's `personas`: the id of a persona defined in a library, or a persona
/// defined here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PersonaEntry {
    /// The id of a persona a library defines, e.g. `busy-parent`.
    Shared(Id),
    Defined(Box<Persona>),
}

/// An empathy map: what the persona says, thinks, does and feels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Empathy {
    /// What the persona says out loud, in their words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub says: Vec<String>,
    /// What the persona thinks but may not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thinks: Vec<String>,
    /// What the persona does: actions and behaviour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub does: Vec<String>,
    /// What the persona feels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feels: Vec<String>,
}

/// A channel declared by this map, in addition to the built-in ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The id touchpoints use to name this channel, e.g. `loyalty-kiosk`.
    pub id: Id,
    /// The channel's display name.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub name: String,
    /// What the channel is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The colour of this channel's touchpoint chips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// The library file that defines this channel, when the map uses it from there. Not part
    /// of the format.
    #[serde(skip)]
    #[schemars(skip)]
    pub shared: Option<String>,
}

/// A phase of the journey, holding the steps taken in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// A slug, unique among the stages, e.g. `awareness`.
    pub id: Id,
    /// The stage's display name.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub name: String,
    /// What happens in this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the customer wants to achieve in this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// For day-in-the-life maps: when this part of the day starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeOfDay>,
    /// Measures of this stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    /// The steps of this stage, in order. At least one.
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
}

/// One thing the customer does, with everything around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A slug, unique among all steps of the map, e.g. `sees-ad`.
    pub id: Id,
    /// What the customer does, e.g. `Sees a sponsored post`.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub name: String,
    /// More about the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For day-in-the-life maps: when this step happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeOfDay>,
    /// The map that zooms into this step (a sub-journey, or the service blueprint beneath
    /// it), as a path relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"payment.blueprint.journey.yaml")]
    pub detail: Option<String>,
    /// The personas who take this step. Default: every persona.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<Id>,
    /// Where the step happens: channels and the touchpoints on them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touchpoints: Vec<Touchpoint>,
    /// What the customer thinks at this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thoughts: Vec<String>,
    /// How the customer feels, from -2 (very negative) to 2 (very positive), or a mapping from
    /// persona id to such a score when personas feel differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<Emotion>,
    /// A word for the feeling, e.g. `curious`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feeling: Option<String>,
    /// Research that backs this step (surveys, recordings, tickets): a line of text, or the
    /// text with when and how the fact is known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// What goes wrong for the customer here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pain_points: Vec<PainPoint>,
    /// Ideas that would make this step better.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<Opportunity>,
    /// Service blueprint: what employees do in view of the customer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frontstage: Vec<String>,
    /// Service blueprint: what employees do out of the customer's view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backstage: Vec<String>,
    /// Service blueprint: the systems and processes that support the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support: Vec<String>,
    /// The teams responsible for this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// The resources this step uses today and those it needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Measures of this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
}

/// Where a step happens: a channel id (shorthand), or a channel with a named touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Touchpoint {
    /// Shorthand: a channel id, e.g. `app`.
    Channel(Id),
    /// A named touchpoint on a channel.
    Detailed(DetailedTouchpoint),
}

/// A named touchpoint on a channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedTouchpoint {
    /// A built-in channel id or one declared under `channels`.
    pub channel: Id,
    /// The touchpoint, e.g. `Instagram ad`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// More about the touchpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Touchpoint {
    pub fn channel(&self) -> &Id {
        match self {
            Touchpoint::Channel(id) => id,
            Touchpoint::Detailed(d) => &d.channel,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            Touchpoint::Channel(_) => None,
            Touchpoint::Detailed(d) => d.name.as_deref(),
        }
    }
}

/// How a step feels: one score for everyone, or a score per persona.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Emotion {
    /// One score for every persona.
    Score(Score),
    /// A score per persona id, e.g. `{busy-parent: -1, student: 1}`.
    PerPersona(BTreeMap<Id, Score>),
}

impl Emotion {
    /// The score of one persona, or the shared score.
    pub fn for_persona(&self, persona: &str) -> Option<Score> {
        match self {
            Emotion::Score(s) => Some(*s),
            Emotion::PerPersona(map) => map.get(persona).copied(),
        }
    }

    /// The mean score across personas, for summaries.
    pub fn mean(&self) -> f64 {
        match self {
            Emotion::Score(s) => f64::from(s.get()),
            Emotion::PerPersona(map) if map.is_empty() => 0.0,
            Emotion::PerPersona(map) => {
                map.values().map(|s| f64::from(s.get())).sum::<f64>() / map.len() as f64
            }
        }
    }
}

/// Something that goes wrong: plain text (shorthand), or text with an id and a severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PainPoint {
    /// Shorthand: the text of the pain point.
    Text(String),
    Detailed(DetailedPainPoint),
}

/// A pain point that opportunities can address by its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedPainPoint {
    /// A slug, unique among the map's pain points, that opportunities name in `addresses`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// What goes wrong.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub text: String,
    /// How much it hurts: low, medium or high.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Issues in a tracker about this pain point, e.g. `[CX-123]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Ticket>,
}

impl PainPoint {
    pub fn id(&self) -> Option<&Id> {
        match self {
            PainPoint::Text(_) => None,
            PainPoint::Detailed(d) => d.id.as_ref(),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            PainPoint::Text(t) => t,
            PainPoint::Detailed(d) => &d.text,
        }
    }

    pub fn severity(&self) -> Option<Severity> {
        match self {
            PainPoint::Text(_) => None,
            PainPoint::Detailed(d) => d.severity,
        }
    }

    pub fn tickets(&self) -> &[Ticket] {
        match self {
            PainPoint::Text(_) => &[],
            PainPoint::Detailed(d) => &d.tickets,
        }
    }
}

/// How much a pain point hurts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// An irritation.
    Low,
    /// Slows the customer down or costs them effort.
    Medium,
    /// Makes customers give up, complain or call.
    High,
}

impl Severity {
    /// Every severity, least first.
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    /// The severity as the format spells it (`low`, `medium`, `high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// How a legend says it (`High`).
    pub fn display_name(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
        }
    }

    /// The severity the format spells `name`.
    pub fn from_name(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// An idea that would improve the step: plain text (shorthand), or text with the pain points
/// it addresses and who owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Opportunity {
    /// Shorthand: the text of the opportunity.
    Text(String),
    Detailed(DetailedOpportunity),
}

/// An opportunity with its links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedOpportunity {
    /// A slug naming this opportunity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The idea.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub text: String,
    /// Ids of the pain points this opportunity addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Id>,
    /// Who would deliver it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Issues in a tracker that deliver it, e.g. `[CX-130]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Ticket>,
}

impl Opportunity {
    pub fn id(&self) -> Option<&Id> {
        match self {
            Opportunity::Text(_) => None,
            Opportunity::Detailed(d) => d.id.as_ref(),
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Opportunity::Text(t) => t,
            Opportunity::Detailed(d) => &d.text,
        }
    }

    pub fn addresses(&self) -> &[Id] {
        match self {
            Opportunity::Text(_) => &[],
            Opportunity::Detailed(d) => &d.addresses,
        }
    }

    pub fn owner(&self) -> Option<&str> {
        match self {
            Opportunity::Text(_) => None,
            Opportunity::Detailed(d) => d.owner.as_deref(),
        }
    }

    pub fn tickets(&self) -> &[Ticket] {
        match self {
            Opportunity::Text(_) => &[],
            Opportunity::Detailed(d) => &d.tickets,
        }
    }
}

/// A piece of research behind a step: a line of text (shorthand), or the text with when and
/// how the fact is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Evidence {
    /// Shorthand: what the evidence is, e.g. `Interview 3`.
    Text(String),
    Detailed(DetailedEvidence),
}

/// Evidence with its date and basis, which the `stale-evidence` and `assumption-debt` rules
/// read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedEvidence {
    /// What the evidence is, e.g. `Call recordings, week 12`.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub text: String,
    /// When the fact was gathered (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<IsoDate>,
    /// How the fact is known: `observed`, `reported` or `assumed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

impl Evidence {
    pub fn text(&self) -> &str {
        match self {
            Evidence::Text(t) => t,
            Evidence::Detailed(d) => &d.text,
        }
    }

    pub fn date(&self) -> Option<&IsoDate> {
        match self {
            Evidence::Text(_) => None,
            Evidence::Detailed(d) => d.date.as_ref(),
        }
    }

    pub fn basis(&self) -> Option<Basis> {
        match self {
            Evidence::Text(_) => None,
            Evidence::Detailed(d) => d.basis,
        }
    }

    /// The evidence as one line for reports and lanes: its text, then how and when it is
    /// known, e.g. `Call recordings (observed, 2026-03-02)`.
    pub fn line(&self) -> String {
        let mut about = Vec::new();
        if let Some(basis) = self.basis() {
            about.push(basis.as_str().to_string());
        }
        if let Some(date) = self.date() {
            about.push(date.to_string());
        }
        if about.is_empty() {
            self.text().to_string()
        } else {
            format!("{} ({})", self.text(), about.join(", "))
        }
    }
}

/// How a fact is known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Seen first-hand: research sessions, recordings, analytics.
    Observed,
    /// Told by customers or staff: surveys, interviews, complaints.
    Reported,
    /// Believed by the team, not yet backed by research.
    Assumed,
}

impl Basis {
    /// The name in the format (`observed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Observed => "observed",
            Basis::Reported => "reported",
            Basis::Assumed => "assumed",
        }
    }

    pub fn from_name(name: &str) -> Option<Basis> {
        [Basis::Observed, Basis::Reported, Basis::Assumed]
            .into_iter()
            .find(|b| b.as_str() == name)
    }
}

/// The resources a step uses today and those it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// What the step uses today (systems, tools, teams).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing: Vec<String>,
    /// What the step needs but does not have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
}

/// A measure, with its current value and target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is measured, e.g. `Average handle time`.
    #[schemars(length(min = 1), regex(pattern = VISIBLE_TEXT))]
    pub name: String,
    /// The measured value, e.g. `70%`, `6m 30s` or `4.2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<MetricValue>,
    /// The value aimed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<MetricValue>,
    /// Where the value comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Which way is better: `higher` (conversion, satisfaction) or `lower` (abandonment,
    /// wait time). With a target, the diagram colours the value on or off target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
}

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Better {
    /// More is better.
    Higher,
    /// Less is better.
    Lower,
}

impl Better {
    /// The name in the format (`higher`, `lower`).
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }

    pub fn from_name(name: &str) -> Option<Better> {
        match name {
            "higher" => Some(Better::Higher),
            "lower" => Some(Better::Lower),
            _ => None,
        }
    }
}

/// The built-in channels, which need no declaration: id, colour, display name. Their colours
/// and the layout's fallback colours (`layout::theme::FALLBACK_CHANNEL_COLORS`): any two are at least
/// 15 apart in CIEDE2000 (the smallest pair is 16.8), so chips of different channels never
/// look alike, and each is at least 3:1 against white and 2.2:1 against the dark background.
/// Chosen by a greedy max-min search over CIELAB (L* 32–60, chroma 30–70) that kept nine of
/// the earlier colours.
pub const BUILTIN_CHANNELS: [(&str, &str, &str); 14] = [
    ("web", "#1565c0", "Web"),
    ("app", "#7b1fa2", "App"),
    ("email", "#00838f", "Email"),
    ("phone", "#2e7d32", "Phone"),
    ("chat", "#ef6c00", "Chat"),
    ("sms", "#ad1457", "SMS"),
    ("social", "#7d86f9", "Social"),
    ("store", "#795548", "Store"),
    ("mail", "#827717", "Mail"),
    ("in-person", "#709f0b", "In person"),
    ("self-service", "#03a482", "Self-service"),
    ("video", "#a40413", "Video"),
    ("partner", "#706091", "Partner"),
    ("ads", "#c49000", "Ads"),
];

/// Whether `id` names a built-in channel.
pub fn is_builtin_channel(id: &str) -> bool {
    BUILTIN_CHANNELS.iter().any(|(b, _, _)| *b == id)
}

impl JourneyMap {
    /// Every step with the index of its stage, in map order.
    pub fn steps(&self) -> impl Iterator<Item = (usize, &Stage, &Step)> {
        self.stages
            .iter()
            .enumerate()
            .flat_map(|(si, stage)| stage.steps.iter().map(move |step| (si, stage, step)))
    }

    /// The persona declared with `id`.
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id.as_str() == id)
    }

    /// The channel declared with `id` (built-in channels need no declaration and have none).
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id.as_str() == id)
    }
}

impl Step {
    /// Whether `persona` takes this step: every persona takes a step without `personas`.
    pub fn is_taken_by(&self, persona: &str) -> bool {
        self.personas.is_empty() || self.personas.iter().any(|p| p.as_str() == persona)
    }
}

/// A library: personas and channels defined once and used by id from many maps
/// (`*.library.yaml`, named by a map's `libraries` or by `journeymap.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Journey library")]
pub struct Library {
    /// The format version. Always `1` for this version of the format.
    pub journeymap: FormatVersion,
    /// What the library holds, e.g. `Retail banking personas`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Personas that maps name by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<Persona>,
    /// Channels that maps' touchpoints name by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
}
