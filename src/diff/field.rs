//! Which field of an element a change is about.

use serde::{Serialize, Serializer};

/// A field of a map element that `diff` compares. The JSON report spells each as its key in
/// the map file (`review.last` for a nested one); everything else matches on the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Id,
    Name,
    Title,
    Text,
    Description,
    State,
    Kind,
    Baseline,
    Owner,
    Stakeholders,
    Tags,
    ReviewLast,
    ReviewEvery,
    Quote,
    Goals,
    Frustrations,
    Needs,
    EmpathySays,
    EmpathyThinks,
    EmpathyDoes,
    EmpathyFeels,
    Color,
    Goal,
    Time,
    Personas,
    Thoughts,
    Emotion,
    Feeling,
    Evidence,
    Frontstage,
    Backstage,
    Support,
    Owners,
    ResourcesExisting,
    ResourcesRequired,
    Severity,
    Addresses,
    Value,
    Target,
    Source,
    Better,
    Language,
    Parent,
    Libraries,
    Detail,
    Tickets,
}

impl Field {
    /// The field's key in the map file.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Title => "title",
            Field::Text => "text",
            Field::Description => "description",
            Field::State => "state",
            Field::Kind => "kind",
            Field::Baseline => "baseline",
            Field::Owner => "owner",
            Field::Stakeholders => "stakeholders",
            Field::Tags => "tags",
            Field::ReviewLast => "review.last",
            Field::ReviewEvery => "review.every",
            Field::Quote => "quote",
            Field::Goals => "goals",
            Field::Frustrations => "frustrations",
            Field::Needs => "needs",
            Field::EmpathySays => "empathy.says",
            Field::EmpathyThinks => "empathy.thinks",
            Field::EmpathyDoes => "empathy.does",
            Field::EmpathyFeels => "empathy.feels",
            Field::Color => "color",
            Field::Goal => "goal",
            Field::Time => "time",
            Field::Personas => "personas",
            Field::Thoughts => "thoughts",
            Field::Emotion => "emotion",
            Field::Feeling => "feeling",
            Field::Evidence => "evidence",
            Field::Frontstage => "frontstage",
            Field::Backstage => "backstage",
            Field::Support => "support",
            Field::Owners => "owners",
            Field::ResourcesExisting => "resources.existing",
            Field::ResourcesRequired => "resources.required",
            Field::Severity => "severity",
            Field::Addresses => "addresses",
            Field::Value => "value",
            Field::Target => "target",
            Field::Source => "source",
            Field::Better => "better",
            Field::Language => "language",
            Field::Parent => "parent",
            Field::Libraries => "libraries",
            Field::Detail => "detail",
            Field::Tickets => "tickets",
        }
    }

    /// A list of texts: reports show the items that came and went rather than two lists.
    pub fn is_text_list(self) -> bool {
        matches!(
            self,
            Field::Stakeholders
                | Field::Tags
                | Field::Goals
                | Field::Frustrations
                | Field::Needs
                | Field::EmpathySays
                | Field::EmpathyThinks
                | Field::EmpathyDoes
                | Field::EmpathyFeels
                | Field::Thoughts
                | Field::Evidence
                | Field::Libraries
                | Field::Tickets
                | Field::Frontstage
                | Field::Backstage
                | Field::Support
                | Field::Owners
                | Field::ResourcesExisting
                | Field::ResourcesRequired
        )
    }

    /// A value from a fixed vocabulary or a code (a state, a date, a colour), shown as is
    /// rather than as quoted map text.
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Field::State
                | Field::Kind
                | Field::Severity
                | Field::ReviewEvery
                | Field::Id
                | Field::ReviewLast
                | Field::Time
                | Field::Color
                | Field::Better
        )
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
