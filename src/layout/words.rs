//! The fixed words a diagram sets — lane names, the "Lowest" mark, the legend, the header's
//! kind and state — in the map's language: one table, one row per word, one column per
//! language, so that no language can lack a word (the compiler counts the columns).
//!
//! The language is `--language`, else the map's `language:` (a BCP 47 tag such as `ja` or
//! `pt-BR`, read by its primary subtag), else English. A project changes any word in
//! `journeymap.toml` (see [`Overrides`]). A word with `{}` takes one value (`Goal: {}`).

use std::collections::BTreeMap;

use serde::Serialize;

/// A language with a table of words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    #[default]
    En,
    Ja,
    Zh,
    Es,
    De,
    Fr,
    Pt,
}

impl Language {
    /// Every language, in the order of the table's columns.
    pub const ALL: [Language; 7] = [
        Language::En,
        Language::Ja,
        Language::Zh,
        Language::Es,
        Language::De,
        Language::Fr,
        Language::Pt,
    ];

    /// The primary subtag (`en`, `ja`, `zh`...).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ja => "ja",
            Language::Zh => "zh",
            Language::Es => "es",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Pt => "pt",
        }
    }

    /// The language a BCP 47 tag asks for, by its primary subtag (`pt-BR` is Portuguese,
    /// `zh-Hans-CN` Chinese), or `None` when there is no table for it.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.tag() == primary)
    }

    fn column(self) -> usize {
        self as usize
    }
}

macro_rules! words {
    ($($word:ident $name:literal => [$($text:literal),* $(,)?];)*) => {
        /// A fixed word of the diagrams.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Word { $($word),* }

        impl Word {
            /// Every word.
            pub const ALL: &'static [Word] = &[$(Word::$word),*];

            /// The name `journeymap.toml` gives it (`pain-points-hint`).
            pub fn name(self) -> &'static str {
                match self { $(Word::$word => $name),* }
            }

            fn texts(self) -> [&'static str; 7] {
                match self { $(Word::$word => [$($text),*]),* }
            }
        }
    };
}

words! {
    Stages "stages" => ["Stages", "ステージ", "阶段", "Etapas", "Phasen", "Phases", "Fases"];
    Time "time" => ["Time", "時刻", "时间", "Hora", "Uhrzeit", "Heure", "Hora"];
    Steps "steps" => ["Steps", "ステップ", "步骤", "Pasos", "Schritte", "Étapes", "Etapas"];
    CustomerActions "customer-actions" => ["Customer actions", "顧客の行動", "顾客行为", "Acciones del cliente", "Kundenaktionen", "Actions du client", "Ações do cliente"];
    StepsHint "steps-hint" => ["What the customer does", "顧客がすること", "顾客做什么", "Lo que hace el cliente", "Was der Kunde tut", "Ce que fait le client", "O que o cliente faz"];
    StepsHintPerson "steps-hint-person" => ["What they do", "本人がすること", "他们做什么", "Lo que hacen", "Was sie tun", "Ce qu'ils font", "O que fazem"];
    Touchpoints "touchpoints" => ["Touchpoints", "タッチポイント", "触点", "Puntos de contacto", "Touchpoints", "Points de contact", "Pontos de contato"];
    TouchpointsHint "touchpoints-hint" => ["Where it happens", "接点となる場所", "发生在哪里", "Dónde ocurre", "Wo es passiert", "Où cela se passe", "Onde acontece"];
    Thoughts "thoughts" => ["Thoughts", "思考", "想法", "Pensamientos", "Gedanken", "Pensées", "Pensamentos"];
    ThoughtsHint "thoughts-hint" => ["What they think", "考えていること", "他们在想什么", "Lo que piensan", "Was sie denken", "Ce qu'ils pensent", "O que pensam"];
    Emotion "emotion" => ["Emotion", "感情", "情绪", "Emoción", "Emotion", "Émotion", "Emoção"];
    PainPoints "pain-points" => ["Pain points", "ペインポイント", "痛点", "Puntos de dolor", "Schmerzpunkte", "Points de friction", "Pontos de dor"];
    PainPointsHint "pain-points-hint" => ["What goes wrong", "うまくいかないこと", "哪里出了问题", "Lo que sale mal", "Was schiefgeht", "Ce qui ne va pas", "O que dá errado"];
    Opportunities "opportunities" => ["Opportunities", "改善機会", "机会点", "Oportunidades", "Chancen", "Opportunités", "Oportunidades"];
    OpportunitiesHint "opportunities-hint" => ["Ideas to improve", "改善のアイデア", "改进想法", "Ideas para mejorar", "Ideen zur Verbesserung", "Idées d'amélioration", "Ideias para melhorar"];
    Frontstage "frontstage" => ["Frontstage", "フロントステージ", "前台", "Frontstage", "Frontstage", "Front-office", "Linha de frente"];
    FrontstageHint "frontstage-hint" => ["Staff actions the customer sees", "顧客から見えるスタッフの行動", "顾客可见的员工行为", "Acciones del personal que ve el cliente", "Mitarbeiteraktionen, die der Kunde sieht", "Actions du personnel visibles par le client", "Ações da equipe que o cliente vê"];
    Backstage "backstage" => ["Backstage", "バックステージ", "后台", "Backstage", "Backstage", "Back-office", "Bastidores"];
    BackstageHint "backstage-hint" => ["Staff actions out of view", "顧客から見えないスタッフの行動", "顾客不可见的员工行为", "Acciones del personal fuera de su vista", "Mitarbeiteraktionen außer Sicht", "Actions du personnel hors de vue", "Ações da equipe fora da vista"];
    Support "support" => ["Support", "サポート", "支持", "Soporte", "Unterstützung", "Support", "Suporte"];
    SupportHint "support-hint" => ["Systems and processes", "システムとプロセス", "系统与流程", "Sistemas y procesos", "Systeme und Prozesse", "Systèmes et processus", "Sistemas e processos"];
    Metrics "metrics" => ["Metrics", "指標", "指标", "Métricas", "Kennzahlen", "Indicateurs", "Métricas"];
    MetricsHint "metrics-hint" => ["Value against target", "目標に対する値", "实际值与目标", "Valor frente al objetivo", "Wert gegenüber Ziel", "Valeur par rapport à l'objectif", "Valor em relação à meta"];
    Evidence "evidence" => ["Evidence", "根拠", "依据", "Evidencia", "Belege", "Preuves", "Evidências"];
    EvidenceHint "evidence-hint" => ["Research behind the step", "ステップの裏付けとなる調査", "该步骤背后的研究", "Investigación detrás del paso", "Forschung hinter dem Schritt", "Recherche derrière l'étape", "Pesquisa por trás da etapa"];
    Owners "owners" => ["Owners", "担当", "负责人", "Responsables", "Verantwortliche", "Responsables", "Responsáveis"];
    OwnersHint "owners-hint" => ["Who is responsible", "責任を持つ人", "谁来负责", "Quién se encarga", "Wer zuständig ist", "Qui en est responsable", "Quem é responsável"];
    Resources "resources" => ["Resources", "リソース", "资源", "Recursos", "Ressourcen", "Ressources", "Recursos"];
    ResourcesHint "resources-hint" => ["What the step has and needs", "ステップにあるもの・必要なもの", "该步骤已有和需要的", "Lo que el paso tiene y necesita", "Was der Schritt hat und braucht", "Ce que l'étape a et ce qu'il lui faut", "O que a etapa tem e precisa"];
    LineOfInteraction "line-of-interaction" => ["Line of interaction", "インタラクションライン", "互动线", "Línea de interacción", "Interaktionslinie", "Ligne d'interaction", "Linha de interação"];
    LineOfVisibility "line-of-visibility" => ["Line of visibility", "可視ライン", "可视线", "Línea de visibilidad", "Sichtbarkeitslinie", "Ligne de visibilité", "Linha de visibilidade"];
    LineOfInternalInteraction "line-of-internal-interaction" => ["Line of internal interaction", "内部インタラクションライン", "内部互动线", "Línea de interacción interna", "Interne Interaktionslinie", "Ligne d'interaction interne", "Linha de interação interna"];
    Lowest "lowest" => ["Lowest", "最低", "最低", "Mínimo", "Tiefpunkt", "Plus bas", "Mais baixo"];
    VeryPositive "very-positive" => ["Very positive", "とても良い", "非常积极", "Muy positiva", "Sehr positiv", "Très positive", "Muito positiva"];
    Neutral "neutral" => ["Neutral", "普通", "中性", "Neutral", "Neutral", "Neutre", "Neutra"];
    VeryNegative "very-negative" => ["Very negative", "とても悪い", "非常消极", "Muy negativa", "Sehr negativ", "Très négative", "Muito negativa"];
    LowestPoint "lowest-point" => ["Lowest point", "最低点", "最低点", "Punto más bajo", "Tiefster Punkt", "Point le plus bas", "Ponto mais baixo"];
    Channels "channels" => ["Channels", "チャネル", "渠道", "Canales", "Kanäle", "Canaux", "Canais"];
    High "high" => ["High", "高", "高", "Alta", "Hoch", "Haute", "Alta"];
    Medium "medium" => ["Medium", "中", "中", "Media", "Mittel", "Moyenne", "Média"];
    Low "low" => ["Low", "低", "低", "Baja", "Niedrig", "Basse", "Baixa"];
    Severity "severity" => ["{} severity", "深刻度 {}", "严重程度 {}", "Gravedad {}", "Schweregrad {}", "Gravité {}", "Gravidade {}"];
    Unaddressed "unaddressed" => ["Dashed: no opportunity addresses it yet", "破線：まだ対応する改善機会がない", "虚线：尚无机会点解决", "Discontinuo: ninguna oportunidad lo resuelve aún", "Gestrichelt: noch keine Chance dafür", "Pointillés : aucune opportunité n'y répond encore", "Tracejado: nenhuma oportunidade trata disso ainda"];
    JourneyMap "journey-map" => ["Journey map", "カスタマージャーニーマップ", "顾客旅程图", "Mapa del recorrido", "Customer Journey Map", "Carte du parcours", "Mapa da jornada"];
    ServiceBlueprint "service-blueprint" => ["Service blueprint", "サービスブループリント", "服务蓝图", "Blueprint de servicio", "Service Blueprint", "Blueprint de service", "Blueprint de serviço"];
    DayInTheLife "day-in-the-life" => ["Day in the life", "一日の流れ", "一天的经历", "Un día en la vida", "Ein Tag im Leben", "Une journée type", "Um dia na vida"];
    CurrentState "current-state" => ["Current state", "現状", "现状", "Estado actual", "Ist-Zustand", "État actuel", "Estado atual"];
    FutureState "future-state" => ["Future state", "将来像", "未来状态", "Estado futuro", "Soll-Zustand", "État futur", "Estado futuro"];
    Owner "owner" => ["Owner: {}", "担当：{}", "负责人：{}", "Responsable: {}", "Verantwortlich: {}", "Responsable : {}", "Responsável: {}"];
    Reviewed "reviewed" => ["Reviewed {}", "レビュー日 {}", "审阅于 {}", "Revisado {}", "Geprüft {}", "Revu le {}", "Revisado em {}"];
    Persona "persona" => ["Persona", "ペルソナ", "用户画像", "Persona", "Persona", "Persona", "Persona"];
    Personas "personas" => ["Personas", "ペルソナ", "用户画像", "Personas", "Personas", "Personas", "Personas"];
    Goal "goal" => ["Goal: {}", "目標：{}", "目标：{}", "Objetivo: {}", "Ziel: {}", "Objectif : {}", "Objetivo: {}"];
    Only "only" => ["Only {}", "{}のみ", "仅 {}", "Solo {}", "Nur {}", "Seulement {}", "Somente {}"];
    Target "target" => ["Target {}", "目標 {}", "目标 {}", "Objetivo {}", "Ziel {}", "Objectif {}", "Meta {}"];
    OnTarget "on-target" => ["on target", "目標達成", "达标", "cumple el objetivo", "Ziel erreicht", "objectif atteint", "meta atingida"];
    OffTarget "off-target" => ["off target", "目標未達", "未达标", "no cumple el objetivo", "Ziel verfehlt", "objectif manqué", "meta não atingida"];
    Source "source" => ["Source: {}", "出典：{}", "来源：{}", "Fuente: {}", "Quelle: {}", "Source : {}", "Fonte: {}"];
    Addresses "addresses" => ["ADDRESSES {}", "{} に対応", "解决 {}", "RESUELVE {}", "ADRESSIERT {}", "RÉPOND À {}", "TRATA {}"];
    Has "has" => ["HAS", "あるもの", "已有", "TIENE", "HAT", "DISPOSE DE", "TEM"];
    Needs "needs" => ["NEEDS", "必要なもの", "需要", "NECESITA", "BRAUCHT", "A BESOIN DE", "PRECISA"];
    Says "says" => ["Says", "言うこと", "说", "Dice", "Sagt", "Dit", "Diz"];
    SaysHint "says-hint" => ["What they say out loud", "口に出して言うこと", "他们说出口的话", "Lo que dicen en voz alta", "Was sie laut sagen", "Ce qu'ils disent à voix haute", "O que dizem em voz alta"];
    Thinks "thinks" => ["Thinks", "考えること", "想", "Piensa", "Denkt", "Pense", "Pensa"];
    ThinksHint "thinks-hint" => ["What occupies their mind", "頭の中にあること", "他们心里想的", "Lo que ocupa su mente", "Was sie beschäftigt", "Ce qui occupe leur esprit", "O que ocupa a mente"];
    Does "does" => ["Does", "すること", "做", "Hace", "Tut", "Fait", "Faz"];
    DoesHint "does-hint" => ["Actions and behaviour", "行動とふるまい", "行动与行为", "Acciones y comportamiento", "Handlungen und Verhalten", "Actions et comportement", "Ações e comportamento"];
    Feels "feels" => ["Feels", "感じること", "感受", "Siente", "Fühlt", "Ressent", "Sente"];
    FeelsHint "feels-hint" => ["Emotions and worries", "感情と不安", "情绪与担忧", "Emociones y preocupaciones", "Gefühle und Sorgen", "Émotions et inquiétudes", "Emoções e preocupações"];
    NothingYet "nothing-yet" => ["Nothing recorded yet", "まだ記録がありません", "尚无记录", "Aún no hay nada registrado", "Noch nichts erfasst", "Rien d'enregistré pour l'instant", "Nada registrado ainda"];
    Goals "goals" => ["GOALS", "目標", "目标", "OBJETIVOS", "ZIELE", "OBJECTIFS", "OBJETIVOS"];
    Frustrations "frustrations" => ["FRUSTRATIONS", "不満", "困扰", "FRUSTRACIONES", "FRUSTRATIONEN", "FRUSTRATIONS", "FRUSTRAÇÕES"];
    PersonaNeeds "persona-needs" => ["NEEDS", "ニーズ", "需求", "NECESIDADES", "BEDÜRFNISSE", "BESOINS", "NECESSIDADES"];
    PageStages "page-stages" => ["stages", "ステージ", "个阶段", "etapas", "Phasen", "phases", "fases"];
    PageSteps "page-steps" => ["steps", "ステップ", "个步骤", "pasos", "Schritte", "étapes", "etapas"];
    PagePainPoints "page-pain-points" => ["pain points", "ペインポイント", "个痛点", "puntos de dolor", "Schmerzpunkte", "points de friction", "pontos de dor"];
    PageOpportunities "page-opportunities" => ["opportunities", "改善機会", "个机会点", "oportunidades", "Chancen", "opportunités", "oportunidades"];
    LastReviewed "last-reviewed" => ["Last reviewed", "最終レビュー", "最近审阅", "Última revisión", "Zuletzt geprüft", "Dernière revue", "Última revisão"];
    Legend "legend" => ["Legend", "凡例", "图例", "Leyenda", "Legende", "Légende", "Legenda"];
    Insights "insights" => ["Insights", "インサイト", "洞察", "Hallazgos", "Erkenntnisse", "Enseignements", "Insights"];
    LowestMoments "lowest-moments" => ["Lowest moments", "最も低い瞬間", "最低谷的时刻", "Momentos más bajos", "Tiefste Momente", "Moments les plus bas", "Momentos mais baixos"];
    BiggestDrops "biggest-drops" => ["Biggest drops between steps", "ステップ間の大きな落ち込み", "步骤之间的最大跌幅", "Mayores caídas entre pasos", "Größte Einbrüche zwischen Schritten", "Plus fortes baisses entre étapes", "Maiores quedas entre etapas"];
    MostPain "most-pain" => ["Stages with most pain points", "ペインポイントが多いステージ", "痛点最多的阶段", "Etapas con más puntos de dolor", "Phasen mit den meisten Schmerzpunkten", "Phases aux points de friction les plus nombreux", "Fases com mais pontos de dor"];
    NobodyAddresses "nobody-addresses" => ["Pain points nobody addresses", "誰も対応していないペインポイント", "无人解决的痛点", "Puntos de dolor que nadie resuelve", "Schmerzpunkte, die niemand angeht", "Points de friction sans réponse", "Pontos de dor que ninguém trata"];
    StageByStage "stage-by-stage" => ["Stage by stage", "ステージごと", "逐个阶段", "Etapa por etapa", "Phase für Phase", "Phase par phase", "Fase a fase"];
    ShowDiagram "show-diagram" => ["Show the diagram", "図を表示", "显示图表", "Mostrar el diagrama", "Diagramm zeigen", "Afficher le diagramme", "Mostrar o diagrama"];
    ReadByStage "read-by-stage" => ["Read stage by stage", "ステージごとに読む", "逐个阶段阅读", "Leer etapa por etapa", "Phase für Phase lesen", "Lire phase par phase", "Ler fase a fase"];
    Lanes "lanes" => ["Lanes", "レーン", "泳道", "Carriles", "Bahnen", "Couloirs", "Raias"];
    ShowAll "show-all" => ["Show all", "すべて表示", "全部显示", "Mostrar todo", "Alle zeigen", "Tout afficher", "Mostrar tudo"];
    Fit "fit" => ["Fit", "全体", "适应", "Ajustar", "Einpassen", "Ajuster", "Ajustar"];
    OpenHint "open-hint" => ["Open a card (click, tap, or Tab to it and press Enter) for all it holds.", "カードを開くと（クリック、タップ、または Tab で移動して Enter）すべての内容が表示されます。", "打开卡片（点击、轻触，或用 Tab 移到卡片后按 Enter）即可查看全部内容。", "Abre una tarjeta (clic, toque, o Tab hasta ella y Enter) para ver todo lo que contiene.", "Öffne eine Karte (Klick, Tippen oder mit Tab hin und Enter), um alles darin zu sehen.", "Ouvrez une carte (clic, toucher, ou Tab puis Entrée) pour voir tout ce qu'elle contient.", "Abra um cartão (clique, toque, ou Tab até ele e Enter) para ver tudo o que contém."];
    UntickHint "untick-hint" => ["Untick a lane to hide it.", "レーンのチェックを外すと非表示になります。", "取消勾选某个泳道即可隐藏它。", "Desmarca un carril para ocultarlo.", "Entferne das Häkchen einer Bahn, um sie auszublenden.", "Décochez un couloir pour le masquer.", "Desmarque uma raia para ocultá-la."];
    AddressedBy "addressed-by" => ["Addressed by:", "対応する改善機会：", "解决方案：", "Lo resuelve:", "Angegangen durch:", "Traité par :", "Tratado por:"];
    NoFixYet "no-fix-yet" => ["No opportunity addresses it yet.", "まだ対応する改善機会がありません。", "尚无机会点解决它。", "Ninguna oportunidad lo resuelve aún.", "Noch keine Chance geht ihn an.", "Aucune opportunité n'y répond encore.", "Nenhuma oportunidade trata disso ainda."];
    Details "details" => ["Details", "詳細", "详情", "Detalles", "Details", "Détails", "Detalhes"];
    EmpathyMap "empathy-map" => ["Empathy map", "共感マップ", "同理心地图", "Mapa de empatía", "Empathy Map", "Carte d'empathie", "Mapa de empatia"];
    NoEmpathy "no-empathy" => ["No empathy map for this persona yet: add `empathy` with what they say, think, do and feel.", "このペルソナの共感マップはまだありません。言うこと・考えること・すること・感じることを `empathy` に追加してください。", "该用户画像还没有同理心地图：请在 `empathy` 中添加他们说、想、做和感受的内容。", "Esta persona aún no tiene mapa de empatía: añade `empathy` con lo que dice, piensa, hace y siente.", "Für diese Persona gibt es noch keine Empathy Map: ergänze `empathy` mit dem, was sie sagt, denkt, tut und fühlt.", "Pas encore de carte d'empathie pour cette persona : ajoutez `empathy` avec ce qu'elle dit, pense, fait et ressent.", "Ainda não há mapa de empatia para esta persona: adicione `empathy` com o que ela diz, pensa, faz e sente."];
    NoPersonas "no-personas" => ["No personas", "ペルソナなし", "没有用户画像", "Sin personas", "Keine Personas", "Aucune persona", "Nenhuma persona"];
}

/// A project's own words (`journeymap.toml`): for every language, or for one.
///
/// ```toml
/// [labels]
/// steps-hint = "What the patient does"   # every language
///
/// [labels.ja]
/// lowest = "どん底"                       # Japanese only
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    every: BTreeMap<Word, String>,
    by_language: BTreeMap<(Language, Word), String>,
}

impl Overrides {
    /// Reads the `[labels]` table. An unknown word, an unknown language, a word whose `{}`
    /// is missing or doubled, or a value that is not text is an error naming it.
    pub fn parse(table: &BTreeMap<String, toml::Value>) -> Result<Overrides, String> {
        let mut out = Overrides::default();
        for (key, value) in table {
            match value {
                toml::Value::String(text) => {
                    let word = word_named(key)?;
                    check_slots(word, text)?;
                    out.every.insert(word, text.clone());
                }
                toml::Value::Table(words) => {
                    let language = Language::from_tag(key).ok_or_else(|| {
                        format!(
                            "[labels.{key}]: no such language; the languages are {}",
                            tags()
                        )
                    })?;
                    for (name, value) in words {
                        let word = word_named(name)?;
                        let text = value.as_str().ok_or_else(|| {
                            format!("[labels.{key}] {name}: the word must be text")
                        })?;
                        check_slots(word, text)?;
                        out.by_language.insert((language, word), text.to_string());
                    }
                }
                _ => return Err(format!("[labels] {key}: the word must be text")),
            }
        }
        Ok(out)
    }
}

fn tags() -> String {
    Language::ALL.map(Language::tag).join(", ")
}

fn word_named(name: &str) -> Result<Word, String> {
    Word::ALL
        .iter()
        .copied()
        .find(|w| w.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Word::ALL.iter().map(|w| w.name()).collect();
            let hint = crate::suggest::nearest(name, names.iter().copied())
                .filter(|(_, close)| *close)
                .map_or(String::new(), |(best, _)| {
                    format!(" (did you mean `{best}`?)")
                });
            format!("[labels] `{name}` is not a word journeymap sets{hint}")
        })
}

/// A word that takes a value must keep exactly one `{}`; one that takes none, none.
fn check_slots(word: Word, text: &str) -> Result<(), String> {
    let wanted = Word::ALL
        .iter()
        .find(|w| **w == word)
        .map_or(0, |w| w.texts()[0].matches("{}").count());
    let found = text.matches("{}").count();
    if found != wanted {
        return Err(if wanted == 1 {
            format!(
                "[labels] {}: the word needs one `{{}}` for its value",
                word.name()
            )
        } else {
            format!("[labels] {}: the word takes no `{{}}`", word.name())
        });
    }
    Ok(())
}

/// The words of one drawing: a language and the project's overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    pub language: Language,
    overrides: Overrides,
}

impl Words {
    pub fn new(language: Language, overrides: Overrides) -> Words {
        Words {
            language,
            overrides,
        }
    }

    /// The word in this language, with the project's override if it has one.
    pub fn get(&self, word: Word) -> &str {
        if let Some(text) = self.overrides.by_language.get(&(self.language, word)) {
            return text;
        }
        if let Some(text) = self.overrides.every.get(&word) {
            return text;
        }
        word.texts()[self.language.column()]
    }

    /// The word with its `{}` filled in by `value`.
    pub fn with(&self, word: Word, value: &str) -> String {
        self.get(word).replacen("{}", value, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("pt-BR"), Some(Language::Pt));
        assert_eq!(Language::from_tag("zh-Hans-CN"), Some(Language::Zh));
        assert_eq!(Language::from_tag("JA"), Some(Language::Ja));
        assert_eq!(Language::from_tag("ko"), None);
    }

    /// Every word in every language: not empty, the same `{}` slots as the English, and no
    /// two lane names alike in one language.
    #[test]
    fn every_language_has_every_word_with_its_slots() {
        for word in Word::ALL {
            let texts = word.texts();
            let slots = texts[0].matches("{}").count();
            for (language, text) in Language::ALL.iter().zip(texts) {
                assert!(!text.trim().is_empty(), "{word:?} in {language:?}");
                assert_eq!(
                    text.matches("{}").count(),
                    slots,
                    "{word:?} in {language:?}"
                );
            }
        }
        let lanes = [
            Word::Stages,
            Word::Steps,
            Word::Touchpoints,
            Word::Thoughts,
            Word::Emotion,
            Word::PainPoints,
            Word::Opportunities,
            Word::Frontstage,
            Word::Backstage,
            Word::Support,
            Word::Metrics,
            Word::Evidence,
            Word::Owners,
            Word::Resources,
        ];
        for language in Language::ALL {
            let words = Words::new(language, Overrides::default());
            let mut names: Vec<&str> = lanes.iter().map(|w| words.get(*w)).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                lanes.len(),
                "{language:?} names two lanes alike"
            );
        }
    }

    /// docs/format.md names every word a project can change.
    #[test]
    fn the_format_docs_list_every_word() {
        let docs = include_str!("../../docs/format.md");
        let labels = &docs[docs.find("## Labels").expect("a Labels section")..];
        for word in Word::ALL {
            assert!(
                labels.contains(&format!("`{}`", word.name())),
                "docs/format.md does not list `{}`",
                word.name()
            );
        }
    }

    #[test]
    fn overrides_apply_to_every_language_or_one() {
        let table: BTreeMap<String, toml::Value> =
            toml::from_str("steps-hint = \"What the patient does\"\n[ja]\nlowest = \"どん底\"\n")
                .unwrap();
        let overrides = Overrides::parse(&table).unwrap();
        let en = Words::new(Language::En, overrides.clone());
        let ja = Words::new(Language::Ja, overrides);
        assert_eq!(en.get(Word::StepsHint), "What the patient does");
        assert_eq!(ja.get(Word::StepsHint), "What the patient does");
        assert_eq!(ja.get(Word::Lowest), "どん底");
        assert_eq!(en.get(Word::Lowest), "Lowest");
        assert_eq!(en.with(Word::Goal, "x"), "Goal: x");
    }

    #[test]
    fn bad_overrides_are_named() {
        let parse = |text: &str| {
            let table: BTreeMap<String, toml::Value> = toml::from_str(text).unwrap();
            Overrides::parse(&table).unwrap_err()
        };
        assert!(parse("lowst = \"x\"").contains("did you mean `lowest`"));
        assert!(parse("[xx]\nlowest = \"x\"").contains("no such language"));
        assert!(parse("goal = \"Aim\"").contains("needs one `{}`"));
        assert!(parse("lowest = \"{} low\"").contains("takes no `{}`"));
        assert!(parse("lowest = 3").contains("must be text"));
    }
}
