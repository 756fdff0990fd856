//! The interface's words in Simplified Chinese, Traditional Chinese and English: one `Text` of
//! every string a screen shows, chosen from the URL (`?lang=`), the fragment, or the browser's
//! languages, and switchable from the header.

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    ZhHans,
    ZhHant,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag (`lang` attribute, URL value).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// Reads a tag loosely: `zh-CN`, `zh-SG` and `zh-Hans` are Simplified; `zh-TW`, `zh-HK`,
    /// `zh-MO` and `zh-Hant` Traditional; `en*` English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let t = tag.to_ascii_lowercase();
        if t.starts_with("zh-hant") || t == "zh-tw" || t == "zh-hk" || t == "zh-mo" {
            Some(Lang::ZhHant)
        } else if t.starts_with("zh") {
            Some(Lang::ZhHans)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language explanations are written in.
    pub fn explain(self) -> kg_core::query::Lang {
        match self {
            Lang::En => kg_core::query::Lang::English,
            _ => kg_core::query::Lang::Zh,
        }
    }

    /// Generated Chinese text (explanations, names) in this interface's script: converted to
    /// Simplified for zh-Hans, as written otherwise.
    pub fn script(self, text: String) -> String {
        match self {
            Lang::ZhHans => kg_core::resolve::to_simplified(&text),
            _ => text,
        }
    }

    /// The interface's words in this language.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::ZhHans => &ZH_HANS,
            Lang::ZhHant => &ZH_HANT,
            Lang::En => &EN,
        }
    }
}

/// The language to start with: `?lang=`, else the browser's first Chinese or English language,
/// else Traditional Chinese (the seed article's script).
pub fn initial_lang(url_value: Option<&str>) -> Lang {
    if let Some(l) = url_value.and_then(Lang::parse) {
        return l;
    }
    let languages = gloo::utils::window().navigator().languages();
    languages.iter().filter_map(|v| v.as_string()).find_map(|t| Lang::parse(&t)).unwrap_or(Lang::ZhHant)
}

/// Every string of the interface.
pub struct Text {
    pub title: &'static str,
    pub entities: &'static str,
    pub relations: &'static str,
    pub hidden: &'static str,
    pub collapse_roles: &'static str,
    pub show_roles: &'static str,
    pub layout: &'static str,
    pub force: &'static str,
    pub hierarchy: &'static str,
    pub radial: &'static str,
    pub node_size: &'static str,
    pub same_size: &'static str,
    pub by_degree: &'static str,
    pub by_pagerank: &'static str,
    pub by_betweenness: &'static str,
    pub colour_by_community: &'static str,
    pub colour_by_type: &'static str,
    pub fit: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub layout_done: &'static str,
    pub layout_progress: &'static str,
    pub click_to_select: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub no_match: &'static str,
    pub language: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub details: &'static str,
    pub names: &'static str,
    pub posts: &'static str,
    pub show_in_article: &'static str,
    pub article: &'static str,
    pub close: &'static str,
    pub inferred: &'static str,
    /// The button under a long list of relations that shows the rest.
    pub show_all: &'static str,
    /// Shown while a worker computes a measure or the communities for the toolbar.
    pub computing: &'static str,
    pub path_finder: &'static str,
    pub path_from: &'static str,
    pub path_to: &'static str,
    pub no_path: &'static str,
    pub why_connected: &'static str,
    pub shared_events: &'static str,
    pub shared_organizations: &'static str,
    pub filters: &'static str,
    pub entity_types: &'static str,
    pub relation_types: &'static str,
    pub min_degree: &'static str,
    pub only_neighbourhood: &'static str,
    pub hops: &'static str,
    pub reset: &'static str,
    pub timeline: &'static str,
    /// Counts events on a bar of the time bar ("3 events").
    pub events: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub no_dates: &'static str,
    pub export: &'static str,
    pub export_png: &'static str,
    pub export_svg: &'static str,
    pub export_json: &'static str,
    pub copy_link: &'static str,
    pub list_view: &'static str,
    pub filter_list: &'static str,
    pub more: &'static str,
    pub communities: &'static str,
    pub community: &'static str,
    pub canvas_help: &'static str,
    pub edges_sampled: &'static str,
    pub loading: &'static str,
    pub reading: &'static str,
    pub zoom_for_all: &'static str,
}

pub static EN: Text = Text {
    title: "Knowledge graph",
    entities: "entities",
    relations: "relations",
    hidden: "hidden",
    collapse_roles: "Collapse roles into edges",
    show_roles: "Show roles as nodes",
    layout: "Layout",
    force: "Force layout",
    hierarchy: "Hierarchy (organizations top-down, events in time order)",
    radial: "Radial (around the selection)",
    node_size: "Node size",
    same_size: "Same size",
    by_degree: "Size by degree",
    by_pagerank: "Size by PageRank",
    by_betweenness: "Size by betweenness",
    colour_by_community: "Colour by community",
    colour_by_type: "Colour by type",
    fit: "Fit",
    pause: "Pause layout",
    resume: "Resume layout",
    layout_done: "Layout done",
    layout_progress: "Layout progress",
    click_to_select: "Click an entity to select it, or search for one.",
    search: "Search entities",
    search_placeholder: "Search: 張建生, 张建生, zhangjiansheng, zjs…",
    no_match: "No entity has that name.",
    language: "Language",
    theme: "Theme",
    theme_system: "System theme",
    theme_light: "Light",
    theme_dark: "Dark",
    details: "Details",
    names: "Names",
    posts: "Posts",
    show_in_article: "Show in the article",
    article: "Article",
    close: "Close",
    inferred: "inferred",
    show_all: "Show all",
    computing: "Computing…",
    path_finder: "How are they connected?",
    path_from: "From",
    path_to: "To",
    no_path: "No path joins them in the shown graph.",
    why_connected: "Why connected",
    shared_events: "shared events",
    shared_organizations: "shared organizations",
    filters: "Filters",
    entity_types: "Entity types",
    relation_types: "Relation types",
    min_degree: "At least this many relations",
    only_neighbourhood: "Only the neighbourhood of the selection",
    hops: "hops",
    reset: "Show everything",
    timeline: "Timeline",
    events: "events",
    from: "From",
    to: "To",
    no_dates: "Nothing in this graph is dated.",
    export: "Export",
    export_png: "PNG (2×)",
    export_svg: "SVG",
    export_json: "JSON (shown part)",
    copy_link: "Link to this view",
    list_view: "List of entities and relations",
    filter_list: "Filter the list",
    more: "more",
    communities: "Communities",
    community: "community",
    edges_sampled: "Large graph: edges drawn",
    loading: "Downloading",
    reading: "Reading",
    zoom_for_all: "zoom in to see them all",
    canvas_help: "Drag to pan, wheel or +/- to zoom, arrows to move, Tab to step through entities, Enter or click to select, double-click to collapse or expand, Esc to clear.",
};

pub static ZH_HANS: Text = Text {
    title: "知识图谱",
    entities: "个实体",
    relations: "条关系",
    hidden: "已隐藏",
    collapse_roles: "将职务合并为连线",
    show_roles: "将职务显示为节点",
    layout: "布局",
    force: "力导向布局",
    hierarchy: "层级（组织自上而下，事件按时间）",
    radial: "放射（以所选实体为中心）",
    node_size: "节点大小",
    same_size: "大小相同",
    by_degree: "按关系数",
    by_pagerank: "按 PageRank",
    by_betweenness: "按中介中心性",
    colour_by_community: "按社群着色",
    colour_by_type: "按类型着色",
    fit: "适应窗口",
    pause: "暂停布局",
    resume: "继续布局",
    layout_done: "布局完成",
    layout_progress: "布局进度",
    click_to_select: "点击实体以选中，或搜索。",
    search: "搜索实体",
    search_placeholder: "搜索：张建生、張建生、zhangjiansheng、zjs……",
    no_match: "没有这个名称的实体。",
    language: "语言",
    theme: "主题",
    theme_system: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    details: "详情",
    names: "名称",
    posts: "职务",
    show_in_article: "在原文中显示",
    article: "原文",
    close: "关闭",
    inferred: "推断",
    show_all: "显示全部",
    computing: "正在计算…",
    path_finder: "两者如何关联？",
    path_from: "起点",
    path_to: "终点",
    no_path: "在当前显示的图中没有路径连接二者。",
    why_connected: "关联原因",
    shared_events: "共同事件",
    shared_organizations: "共同组织",
    filters: "筛选",
    entity_types: "实体类型",
    relation_types: "关系类型",
    min_degree: "关系数不少于",
    only_neighbourhood: "只显示所选实体的邻域",
    hops: "跳",
    reset: "全部显示",
    timeline: "时间轴",
    events: "个事件",
    from: "从",
    to: "到",
    no_dates: "此图中没有带日期的内容。",
    export: "导出",
    export_png: "PNG（2 倍）",
    export_svg: "SVG",
    export_json: "JSON（显示部分）",
    copy_link: "此视图的链接",
    list_view: "实体与关系列表",
    filter_list: "筛选列表",
    more: "更多",
    communities: "社群",
    community: "社群",
    edges_sampled: "大型图：已绘制的连线",
    loading: "正在下载",
    reading: "正在读取",
    zoom_for_all: "放大以查看全部",
    canvas_help: "拖动平移，滚轮或 +/- 缩放，方向键移动，Tab 逐个浏览实体，回车或点击选中，双击折叠或展开，Esc 取消。",
};

pub static ZH_HANT: Text = Text {
    title: "知識圖譜",
    entities: "個實體",
    relations: "條關係",
    hidden: "已隱藏",
    collapse_roles: "將職務合併為連線",
    show_roles: "將職務顯示為節點",
    layout: "佈局",
    force: "力導向佈局",
    hierarchy: "層級（組織自上而下，事件按時間）",
    radial: "放射（以所選實體為中心）",
    node_size: "節點大小",
    same_size: "大小相同",
    by_degree: "按關係數",
    by_pagerank: "按 PageRank",
    by_betweenness: "按中介中心性",
    colour_by_community: "按社群著色",
    colour_by_type: "按類型著色",
    fit: "適應視窗",
    pause: "暫停佈局",
    resume: "繼續佈局",
    layout_done: "佈局完成",
    layout_progress: "佈局進度",
    click_to_select: "點擊實體以選取，或搜尋。",
    search: "搜尋實體",
    search_placeholder: "搜尋：張建生、张建生、zhangjiansheng、zjs……",
    no_match: "沒有這個名稱的實體。",
    language: "語言",
    theme: "主題",
    theme_system: "跟隨系統",
    theme_light: "淺色",
    theme_dark: "深色",
    details: "詳情",
    names: "名稱",
    posts: "職務",
    show_in_article: "在原文中顯示",
    article: "原文",
    close: "關閉",
    inferred: "推斷",
    show_all: "顯示全部",
    computing: "正在計算…",
    path_finder: "兩者如何關聯？",
    path_from: "起點",
    path_to: "終點",
    no_path: "在目前顯示的圖中沒有路徑連接二者。",
    why_connected: "關聯原因",
    shared_events: "共同事件",
    shared_organizations: "共同組織",
    filters: "篩選",
    entity_types: "實體類型",
    relation_types: "關係類型",
    min_degree: "關係數不少於",
    only_neighbourhood: "只顯示所選實體的鄰域",
    hops: "跳",
    reset: "全部顯示",
    timeline: "時間軸",
    events: "個事件",
    from: "從",
    to: "到",
    no_dates: "此圖中沒有帶日期的內容。",
    export: "匯出",
    export_png: "PNG（2 倍）",
    export_svg: "SVG",
    export_json: "JSON（顯示部分）",
    copy_link: "此視圖的連結",
    list_view: "實體與關係列表",
    filter_list: "篩選列表",
    more: "更多",
    communities: "社群",
    community: "社群",
    edges_sampled: "大型圖：已繪製的連線",
    loading: "正在下載",
    reading: "正在讀取",
    zoom_for_all: "放大以檢視全部",
    canvas_help: "拖曳平移，滾輪或 +/- 縮放，方向鍵移動，Tab 逐一瀏覽實體，Enter 或點擊選取，雙擊摺疊或展開，Esc 取消。",
};

/// The name of an entity type in a language.
pub fn kind_name(lang: Lang, kind: kg_core::NodeKind) -> &'static str {
    use kg_core::NodeKind as K;
    let [en, hans, hant] = match kind {
        K::Person => ["person", "人物", "人物"],
        K::Organization => ["organization", "组织", "組織"],
        K::Role => ["role", "职务", "職務"],
        K::Event => ["event", "事件", "事件"],
        K::Group => ["group", "群体", "群體"],
        K::Concept => ["concept", "概念", "概念"],
        _ => ["other", "其他", "其他"],
    };
    match lang {
        Lang::En => en,
        Lang::ZhHans => hans,
        Lang::ZhHant => hant,
    }
}
