//! Maps generated for the render tests and benchmarks: big maps for timing and memory, and
//! stress maps (very long names, one stage of 60 steps, CJK, emoji, right-to-left text) for
//! the layout invariants. Shared by tests/render*.rs and benches/render.rs.
#![allow(dead_code)]

use std::fmt::Write as _;

use journeymap::model::JourneyMap;

/// A map from YAML text, which must check without errors.
pub fn parse(name: &str, text: &str) -> JourneyMap {
    let file =
        journeymap::source::SourceFile::new(format!("{name}.journey.yaml"), None, text.to_string());
    let checked = journeymap::validate::check_file(
        &file,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    );
    assert!(!checked.has_errors(), "{name}: {:#?}", checked.diagnostics);
    checked.map.unwrap()
}

const CHANNELS: [&str; 8] = [
    "web", "app", "email", "phone", "chat", "sms", "store", "partner",
];

const VERBS: [&str; 10] = [
    "Searches for",
    "Compares",
    "Asks about",
    "Checks",
    "Reads about",
    "Calls about",
    "Waits for",
    "Confirms",
    "Uploads",
    "Reviews",
];

const THINGS: [&str; 9] = [
    "the delivery options",
    "the price of the premium plan",
    "a refund for a damaged parcel",
    "the status of the order",
    "the terms and conditions",
    "a missing confirmation email",
    "the identity documents",
    "the next available appointment",
    "the monthly statement",
];

/// A realistic map with `steps` steps in stages of ten, two personas whose emotions differ at
/// some steps, touchpoints, thoughts, pain points addressed by opportunities, blueprint lanes
/// and metrics. Deterministic: the same `steps` always gives the same text.
pub fn generated_map(steps: usize) -> String {
    let mut out = String::with_capacity(steps * 700);
    out.push_str(
        "journeymap: 1\nid: generated\ntitle: A generated journey for timing\n\
         description: Every step is made up; the map exists to measure the renderer.\n\
         personas:\n  - id: first\n    name: First persona\n  - id: second\n    name: Second persona\n\
         stages:\n",
    );
    let stages = steps.div_ceil(10);
    let mut n = 0usize;
    for s in 0..stages {
        let _ = write!(
            out,
            "  - id: stage-{s}\n    name: Stage {s}, {}\n    goal: Get {} done\n",
            THINGS[s % THINGS.len()],
            THINGS[(s + 3) % THINGS.len()]
        );
        if s % 3 == 0 {
            let _ = write!(
                out,
                "    metrics:\n      - name: Completion rate\n        value: {}%\n        target: 80%\n",
                40 + s % 50
            );
        }
        out.push_str("    steps:\n");
        for _ in 0..10 {
            if n == steps {
                break;
            }
            let verb = VERBS[n % VERBS.len()];
            let thing = THINGS[(n * 7 + s) % THINGS.len()];
            let _ = write!(
                out,
                "      - id: step-{n}\n        name: {verb} {thing}\n        touchpoints:\n          - channel: {}\n            name: {} screen {n}\n          - {}\n",
                CHANNELS[n % CHANNELS.len()],
                verb.split(' ').next().unwrap_or("Main"),
                CHANNELS[(n + 3) % CHANNELS.len()]
            );
            let _ = write!(
                out,
                "        thoughts:\n          - \"Is {thing} always this slow? Step {n} of the journey.\"\n"
            );
            let score = [1i32, 0, -1, -2, 0, 1, 2, -1][n % 8];
            if n % 5 == 3 {
                let _ = write!(
                    out,
                    "        emotion:\n          first: {score}\n          second: {}\n",
                    (score + 1).min(2)
                );
            } else if n % 11 != 7 {
                let _ = writeln!(out, "        emotion: {score}");
            }
            if n % 3 == 0 {
                let _ = write!(
                    out,
                    "        pain_points:\n          - id: pain-{n}\n            text: The {thing} page times out after two minutes and loses what was typed\n            severity: {}\n",
                    ["low", "medium", "high"][n % 3]
                );
                let _ = write!(
                    out,
                    "        opportunities:\n          - text: Save the draft of {thing} and restore it on return\n            addresses: [pain-{n}]\n            owner: Team {}\n",
                    n % 4
                );
            }
            if n % 4 == 1 {
                let _ = write!(
                    out,
                    "        frontstage: [Agent explains {thing}]\n        backstage: [Back office checks the case]\n        support: [CRM]\n"
                );
            }
            n += 1;
        }
    }
    out
}

/// `stages` stages of `steps` steps, each with only the common keys.
pub fn lean_map(stages: usize, steps: usize) -> String {
    let mut out = String::from("journeymap: 1\nid: lean\ntitle: Lean generated map\nstages:\n");
    for s in 0..stages {
        let _ = write!(out, "  - id: stage-{s}\n    name: Stage {s}\n    steps:\n");
        for p in 0..steps {
            let _ = write!(
                out,
                "      - id: step-{s}-{p}\n        name: Step {p} of stage {s}\n        touchpoints: [web]\n        emotion: {}\n",
                ((s + p) % 5) as i64 - 2
            );
        }
    }
    out
}

/// Stress maps for the layout invariants, as (name, YAML).
pub fn stress_maps() -> Vec<(&'static str, String)> {
    vec![
        ("long-names", long_names()),
        ("sixty-steps", sixty_steps()),
        ("cjk", cjk()),
        ("emoji", emoji()),
        ("rtl", rtl()),
    ]
}

fn long_names() -> String {
    let word = "Supercalifragilisticexpialidociousnessandthensomemorecharacterswithoutanyspaces";
    let sentence =
        "a very long sentence that goes on and on about the checkout experience ".repeat(6);
    format!(
        "journeymap: 1\nid: long-names\ntitle: \"{sentence}\"\ndescription: \"{sentence}{sentence}\"\n\
         personas:\n  - id: p\n    name: \"{word} {word}\"\n    empathy:\n      says: [\"{word}\"]\n      thinks: [\"{sentence}\"]\n      does: [\"{word}{word}\"]\n      feels: [\"{sentence}\"]\n\
         channels:\n  - id: custom\n    name: \"{word}\"\n    color: \"#ffee00\"\n\
         stages:\n  - id: s\n    name: \"{word}{word}\"\n    goal: \"{sentence}\"\n    metrics:\n      - name: \"{word}\"\n        value: \"{word}\"\n        target: \"{sentence}\"\n    steps:\n\
         \x20     - id: a\n        name: \"{word}{word}{word}\"\n        description: \"{sentence}\"\n        touchpoints:\n          - channel: custom\n            name: \"{word}\"\n        thoughts: [\"{sentence}\", \"{word}\"]\n        emotion: -2\n        feeling: \"{word}\"\n        pain_points:\n          - id: x\n            text: \"{sentence}{word}\"\n            severity: high\n        opportunities:\n          - text: \"{word} {sentence}\"\n            addresses: [x]\n            owner: \"{word}\"\n        frontstage: [\"{sentence}\"]\n        backstage: [\"{word}\"]\n        support: [\"{word}\"]\n        evidence: [\"{sentence}\"]\n        owners: [\"{word}\"]\n        resources:\n          existing: [\"{word}\"]\n          required: [\"{sentence}\"]\n        metrics:\n          - name: \"{sentence}\"\n            value: 123456789012345\n            target: 1\n\
         \x20     - id: b\n        name: b\n        emotion: 2\n"
    )
}

fn sixty_steps() -> String {
    let mut out = String::from(
        "journeymap: 1\nid: sixty\ntitle: Sixty steps in one stage\nkind: day-in-the-life\nstages:\n  - id: only\n    name: The only stage\n    time: \"06:00\"\n    steps:\n",
    );
    for i in 0..60 {
        let _ = write!(
            out,
            "      - id: s{i}\n        name: Step number {i}\n        time: \"{:02}:{:02}\"\n        touchpoints: [{}]\n        emotion: {}\n",
            6 + i / 4,
            (i % 4) * 15,
            CHANNELS[i % CHANNELS.len()],
            [2, 1, 0, -1, -2, -1, 0, 1][i % 8]
        );
    }
    out
}

fn cjk() -> String {
    "journeymap: 1\nid: cjk\ntitle: 网上购物结账流程，从购物车到确认订单的全过程\nkind: service-blueprint\n\
     personas:\n  - id: p\n    name: 王小明，忙碌的家长\n    quote: 如果五分钟之内完成不了，我就不买了。\n    empathy:\n      says: [告诉我总价就行]\n      thinks: [这比去商店便宜吗？]\n      does: [比较两个购物应用程序的价格和送货时间]\n      feels: [匆忙]\n\
     stages:\n  - id: a\n    name: 建立购物车和检查价格\n    steps:\n\
     \x20     - id: s1\n        name: 打开应用程序并从常用清单中添加商品到购物车\n        touchpoints:\n          - channel: app\n            name: 推送通知「每周购物时间到了」\n        thoughts: [大部分东西已经在这里了，太好了。日本語のテキストも混ざっています。한국어 텍스트도 있습니다.]\n        emotion: 1\n        feeling: 有条理\n        pain_points:\n          - 配送费、袋子费和最低消费附加费只在付款时才显示出来\n        frontstage: [客服代表提供送货时段]\n        backstage: [拣货员检查库存]\n        support: [仓库管理系统]\n\
     \x20     - id: s2\n        name: 付款\n        emotion: -2\n".to_string()
}

fn emoji() -> String {
    "journeymap: 1\nid: emoji\ntitle: \"Emoji journey 🛒🚚📦 with flags 🇬🇧🇫🇷 and families 👨‍👩‍👧‍👦\"\n\
     personas:\n  - id: p\n    name: \"Priya 👩🏽‍⚕️\"\n  - id: q\n    name: \"Malcolm 👴\"\n\
     stages:\n  - id: a\n    name: \"Shop 🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️🛍️\"\n    steps:\n\
     \x20     - id: s1\n        name: \"😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗😚😙🥲😋😛😜🤪😝🤑🤗🤭🤫🤔\"\n        touchpoints:\n          - channel: app\n            name: \"🔔 Push notification 🔔\"\n        thoughts: [\"Great 👍👍👍 most of it is here ✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅✅\"]\n        emotion:\n          p: 2\n          q: -1\n        feeling: \"🤩\"\n        pain_points:\n          - \"💸💸💸 hidden fees 💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸💸\"\n\
     \x20     - id: s2\n        name: \"Pays 💳\"\n        emotion:\n          p: -2\n          q: 1\n".to_string()
}

fn rtl() -> String {
    "journeymap: 1\nid: rtl\ntitle: \"رحلة العميل في متجر البقالة عبر الإنترنت\"\n\
     personas:\n  - id: p\n    name: \"נועה כהן, הורה עסוק\"\n    empathy:\n      says: [\"פשוט תגידו לי את הסכום\"]\n      feels: [\"לחוץ\"]\n\
     stages:\n  - id: a\n    name: \"بناء السلة\"\n    steps:\n\
     \x20     - id: s1\n        name: \"يفتح التطبيق من إشعار تذكير ويضيف المنتجات من قائمته المعتادة\"\n        touchpoints:\n          - channel: app\n            name: \"إشعار فوري\"\n        thoughts: [\"האם זה זול יותר מהחנות? mixed English and עברית in one line\"]\n        emotion: 0\n        pain_points:\n          - \"\u{202E}reversed text with an override\u{202C} تظهر رسوم التوصيل فقط عند الدفع\"\n\
     \x20     - id: s2\n        name: \"يدفع\"\n        emotion: -1\n".to_string()
}
