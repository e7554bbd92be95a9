//! Starter maps for `journeymap init`: one per kind, commented, passing `check` with no
//! findings, so that a team starts from something that works and learns the format by
//! editing it.

use std::path::{Path, PathBuf};

use super::yaml::string_scalar;
use crate::model::Kind;

const JOURNEY: &str = r#"# A customer journey map: the customer's path, stage by stage.
# Check it:  journeymap check {FILE}
# Draw it:   journeymap render {FILE}
journeymap: 1
id: {ID}
title: {TITLE}
description: Who this journey is for, and what it covers.
owner: CX research                  # the team that keeps this map true
# state: future                     # a target-state map; add `baseline: current.journey.yaml`
# review:
#   last: 2026-01-31                # when the map was last checked against reality
#   every: quarterly                # monthly | quarterly | half-yearly | yearly

personas:
  - id: customer
    name: First-time customer
    goals: [Get it done in one go]
    frustrations: [Surprises at the end]

stages:
  - id: discover
    name: Discover
    goal: Find out whether this is worth trying
    steps:
      - id: sees-ad
        name: Sees an ad
        touchpoints:                # built-in channels: web, app, email, phone, chat, sms,
          - channel: social         # social, store, mail, in-person, self-service, video,
            name: Sponsored post    # partner, ads (declare others under `channels:`)
        thoughts: ["Is this for me?"]
        emotion: 1                  # -2 (very negative) .. 2 (very positive)
        feeling: curious

  - id: buy
    name: Buy
    steps:
      - id: checks-out
        name: Checks out
        touchpoints: [web]          # shorthand: just the channel
        emotion: -1
        pain_points:
          - id: late-fees
            text: Fees appear only at the last step
            severity: high          # low | medium | high
        opportunities:
          - text: Show every fee on the basket page
            addresses: [late-fees]  # the pain points this would fix
            owner: Product

  - id: use
    name: Use
    steps:
      - id: gets-confirmation
        name: Gets a confirmation email
        touchpoints: [email]
        emotion: 2
        evidence: [Interview 3]     # the research behind this step
"#;

const SERVICE_BLUEPRINT: &str = r#"# A service blueprint: the customer's steps, and what the organisation does for each,
# in view of the customer (frontstage), out of view (backstage) and in its systems (support).
# Check it:  journeymap check {FILE}
# Draw it:   journeymap render {FILE}
journeymap: 1
id: {ID}
title: {TITLE}
kind: service-blueprint
description: How the service is delivered, end to end.
owner: Service design

personas:
  - id: caller
    name: Customer who calls for help

stages:
  - id: contact
    name: Contact
    steps:
      - id: calls-helpline
        name: Calls the helpline
        touchpoints: [phone]
        emotion: -1
        frontstage: [Agent greets and verifies the caller]      # line of interaction above
        backstage: [Agent searches the CRM]                     # line of visibility above
        support: [CRM, Telephony platform]                      # line of internal interaction
        owners: [Tier 1 support]
        pain_points:
          - id: repeat-verification
            text: The caller is verified twice
            severity: medium
        opportunities:
          - text: Pass the IVR verification to the agent desktop
            addresses: [repeat-verification]
            owner: Contact centre platform team

  - id: resolve
    name: Resolve
    steps:
      - id: gets-fix
        name: Gets the problem fixed
        touchpoints: [phone, email]
        emotion: 1
        frontstage: [Agent explains the fix and confirms by email]
        backstage: [Agent logs the case]
        support: [Knowledge base]
        owners: [Tier 1 support]
        metrics:
          - name: First-contact resolution
            value: 62%
            target: 75%
"#;

const DAY_IN_THE_LIFE: &str = r#"# A day in the life: the stages are parts of a day, and stages and steps carry a time.
# Check it:  journeymap check {FILE}
# Draw it:   journeymap render {FILE}
journeymap: 1
id: {ID}
title: {TITLE}
kind: day-in-the-life
description: A typical working day, and where our service fits in it.
owner: Research team

personas:
  - id: worker
    name: Field worker

stages:
  - id: morning
    name: Morning
    time: "07:30"                   # quote times: HH:MM on a 24-hour clock
    steps:
      - id: plans-day
        name: Plans the day on the phone
        time: "07:45"
        touchpoints: [app]
        emotion: 0
        thoughts: ["How many jobs today?"]

  - id: midday
    name: Midday
    time: "12:00"
    steps:
      - id: waits-for-parts
        name: Waits for a part to arrive
        time: "12:30"
        touchpoints: [phone]
        emotion: -2
        pain_points:
          - id: parts-delay
            text: Nobody knows when the part will arrive
            severity: high
        opportunities:
          - text: Track parts deliveries in the app
            addresses: [parts-delay]

  - id: evening
    name: Evening
    time: "17:30"
    steps:
      - id: closes-jobs
        name: Closes the day's jobs
        time: "17:45"
        touchpoints: [app]
        emotion: 1
"#;

/// Where `journeymap init NAME` writes, and the map's id and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub id: String,
    pub title: String,
}

/// Works out the file, id and title for `NAME` (which may hold folders: `maps/Checkout`).
pub fn target(name: &str) -> Option<Target> {
    let name = name.trim();
    let name = name
        .strip_suffix(".journey.yaml")
        .or_else(|| name.strip_suffix(".journey.yml"))
        .unwrap_or(name);
    let path = Path::new(name);
    let last = path.file_name()?.to_str()?.trim();
    if !super::has_visible_text(last) {
        return None;
    }
    let id = crate::model::scalars::slugify(last);
    let title = if crate::model::scalars::is_slug(last) {
        super::humanize(last)
    } else {
        last.to_string()
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    Some(Target {
        path: dir.join(format!("{id}.journey.yaml")),
        id,
        title,
    })
}

/// The starter map text for `kind`.
pub fn starter(kind: Kind, target: &Target, schema: &str) -> String {
    let template = match kind {
        Kind::Journey => JOURNEY,
        Kind::ServiceBlueprint => SERVICE_BLUEPRINT,
        Kind::DayInTheLife => DAY_IN_THE_LIFE,
    };
    let file = target
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = super::yaml::schema_comment(schema);
    out.push_str(
        &template
            .replace("{FILE}", &file)
            .replace("{ID}", &string_scalar(&target.id, false))
            .replace("{TITLE}", &string_scalar(&target.title, false)),
    );
    out
}

/// The `$schema` reference for a map written into `dir`: a relative path to the nearest
/// `journeymap.schema.json` or `schema/journeymap.schema.json` in `dir` or a folder above it
/// (up to the repository root), or `None`.
pub fn find_schema(dir: &Path) -> Option<String> {
    let start = if dir.as_os_str().is_empty() {
        std::env::current_dir().ok()?
    } else if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(dir)
    };
    let mut up = String::new();
    let mut at = start.as_path();
    loop {
        for candidate in ["journeymap.schema.json", "schema/journeymap.schema.json"] {
            if at.join(candidate).is_file() {
                return Some(format!("{up}{candidate}"));
            }
        }
        if at.join(".git").exists() {
            return None;
        }
        at = at.parent()?;
        up.push_str("../");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_from_names() {
        let t = target("Online checkout").unwrap();
        assert_eq!(t.path, PathBuf::from("online-checkout.journey.yaml"));
        assert_eq!(t.id, "online-checkout");
        assert_eq!(t.title, "Online checkout");
        let t = target("maps/field-day").unwrap();
        assert_eq!(t.path, PathBuf::from("maps/field-day.journey.yaml"));
        assert_eq!(t.title, "Field day");
        let t = target("x.journey.yaml").unwrap();
        assert_eq!(t.path, PathBuf::from("x.journey.yaml"));
        assert!(target("").is_none());
        assert!(target("\u{feff}").is_none());
        assert!(target("maps/\u{3000}\u{200b}").is_none());
        assert!(target("/").is_none());
    }
}
