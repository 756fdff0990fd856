//! The "find and explain" panels around the network: the search box with its suggestions, the
//! details of the selection with the sentences that say so, the path finder, the filters, the
//! timeline and the accessible list view. They render what `kg_core::explore` and
//! `kg_core::query` compute; none of them holds the graph, they share the scene's `Rc`.

use crate::i18n::{kind_name, Lang};
use kg_core::explore::{details, sentence_around, Filters, Hidden, SearchIndex};
use kg_core::model::Evidence;
use kg_core::{NodeId, NodeKind, Scene};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// The search index of a graph, built on the first search: folding every name of a large
/// graph takes a while, and a reader who never searches should not wait for it.
pub struct LazyIndex {
    scene: Rc<Scene>,
    index: std::cell::RefCell<SearchIndex>,
    complete: std::cell::Cell<bool>,
}

/// Entities indexed between two looks at the clock while building in the background.
const INDEX_STEP: usize = 256;
/// How long one background slice may run, in milliseconds.
const INDEX_SLICE_MS: f64 = 15.0;

impl LazyIndex {
    pub fn new(scene: Rc<Scene>) -> LazyIndex {
        LazyIndex { scene, index: Default::default(), complete: Default::default() }
    }

    /// Builds the index in slices of about [`INDEX_SLICE_MS`], `delay_ms` from now, so that the
    /// first keystroke in a large graph finds it ready instead of building it (100 ms and more
    /// at 100,000 entities). Dropping the index stops the build.
    pub fn build_in_background(self: &Rc<Self>, delay_ms: i32) {
        let weak = Rc::downgrade(self);
        crate::app::in_slices(delay_ms, INDEX_SLICE_MS, Box::new(move || {
            let me = weak.upgrade()?;
            let done = me.complete.get() || me.index.borrow_mut().extend(&me.scene.graph, INDEX_STEP);
            me.complete.set(done);
            Some(done)
        }));
    }

    /// See [`SearchIndex::search`]; completes the index first if the background build has not.
    pub fn search(&self, query: &str, limit: usize) -> Vec<kg_core::explore::Hit> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        if !self.complete.get() {
            self.index.borrow_mut().extend(&self.scene.graph, usize::MAX);
            self.complete.set(true);
        }
        self.index.borrow().search(&self.scene.graph, query, limit)
    }
}

/// The texts of the graph's source documents, by document id.
pub type Sources = Rc<BTreeMap<String, String>>;

/// A colour dot for a legend. SVG attributes, not a `style` attribute: the strict
/// Content-Security-Policy of a portal (`style-src 'self'`) forbids inline styles.
pub fn swatch(colour: &'static str) -> Html {
    html! { <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill={colour} /></svg> }
}

/// How many suggestions the search box lists.
const SUGGESTIONS: usize = 12;

#[derive(Properties, Clone)]
pub struct SearchBoxProps {
    pub scene: Rc<Scene>,
    pub index: Rc<LazyIndex>,
    pub lang: Lang,
    /// The input's id; the suggestion list's ids derive from it.
    pub id: AttrValue,
    pub label: AttrValue,
    pub on_pick: Callback<NodeId>,
}

impl PartialEq for SearchBoxProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene) && Rc::ptr_eq(&self.index, &other.index) && self.lang == other.lang && self.id == other.id && self.label == other.label && self.on_pick == other.on_pick
    }
}

/// A search box with suggestions (a WAI-ARIA combobox): type a name in any script, pinyin or
/// initials; arrows move through the suggestions, Enter picks, Esc closes.
#[function_component(SearchBox)]
pub fn search_box(props: &SearchBoxProps) -> Html {
    let query = use_state(String::new);
    let active = use_state(|| 0usize);
    let open = use_state(|| false);
    let hits = {
        let index = props.index.clone();
        use_memo((*query).clone(), move |q| index.search(q, SUGGESTIONS))
    };
    let t = props.lang.text();
    let list_id = format!("{}-list", props.id);
    let pick = {
        let (on_pick, open, query) = (props.on_pick.clone(), open.clone(), query.clone());
        let graph_scene = props.scene.clone();
        Callback::from(move |id: NodeId| {
            query.set(graph_scene.graph.node(id).display_label().to_string());
            open.set(false);
            on_pick.emit(id);
        })
    };
    let on_input = {
        let (query, active, open) = (query.clone(), active.clone(), open.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                query.set(input.value());
                active.set(0);
                open.set(true);
            }
        })
    };
    let on_key = {
        let (active, open, hits, pick) = (active.clone(), open.clone(), hits.clone(), pick.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                open.set(true);
                active.set((*active + 1).min(hits.len().saturating_sub(1)));
            }
            "ArrowUp" => {
                e.prevent_default();
                active.set(active.saturating_sub(1));
            }
            "Enter" => {
                if let Some(hit) = hits.get(*active).or_else(|| hits.first()) {
                    e.prevent_default();
                    pick.emit(hit.id);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        })
    };
    let graph = &props.scene.graph;
    let showing = *open && !query.trim().is_empty();
    html! {
        <div class="search">
            <input id={props.id.clone()} type="search" role="combobox" aria-label={props.label.clone()}
                aria-autocomplete="list" aria-controls={list_id.clone()} aria-expanded={showing.to_string()}
                aria-activedescendant={if showing && !hits.is_empty() { format!("{}-opt-{}", props.id, *active) } else { String::new() }}
                placeholder={t.search_placeholder} value={(*query).clone()} oninput={on_input} onkeydown={on_key}
                autocomplete="off" spellcheck="false" />
            if showing {
                <ul id={list_id} class="suggestions" role="listbox" aria-label={props.label.clone()}>
                    if hits.is_empty() {
                        <li class="none" role="option" aria-disabled="true">{ t.no_match }</li>
                    }
                    { for hits.iter().enumerate().map(|(k, hit)| {
                        let node = graph.node(hit.id);
                        let id = hit.id;
                        let pick = pick.clone();
                        // A press picks before the input loses focus.
                        let onmousedown = Callback::from(move |e: MouseEvent| { e.prevent_default(); pick.emit(id); });
                        html! {
                            <li id={format!("{}-opt-{k}", props.id)} role="option" aria-selected={(k == *active).to_string()}
                                class={classes!((k == *active).then_some("active"))} data-id={node.id.to_string()} {onmousedown}>
                                <span class="name">{ node.display_label() }</span>
                                <span class="kind">{ kind_name(props.lang, node.node_kind()) }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// One quote in its sentence, the quoted words marked; just the quote when the text is missing
/// or does not hold it where the evidence says.
pub fn evidence_html(sources: &Sources, ev: &Evidence) -> Html {
    let around = sources.get(&ev.doc).and_then(|text| sentence_around(text, ev.start, ev.end)).filter(|(_, q, _)| *q == ev.quote);
    match around {
        Some((before, quote, after)) => html! {
            <q class="evidence" data-doc={ev.doc.clone()} data-start={ev.start.to_string()}>{ before }<mark>{ quote }</mark>{ after }</q>
        },
        None => html! { <q class="evidence" data-doc={ev.doc.clone()} data-start={ev.start.to_string()}><mark>{ ev.quote.clone() }</mark></q> },
    }
}

#[derive(Properties, Clone)]
pub struct DetailsProps {
    pub scene: Rc<Scene>,
    pub id: NodeId,
    pub lang: Lang,
    pub sources: Sources,
    pub on_select: Callback<NodeId>,
}

impl PartialEq for DetailsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene) && self.id == other.id && self.lang == other.lang && Rc::ptr_eq(&self.sources, &other.sources)
    }
}

/// How many relations of one type the details panel lists before a "show all" button: a hub
/// of a large graph has hundreds, which took the page tens of milliseconds to lay out.
const RELATIONS_SHOWN: usize = 50;

/// The selection's details: names, type, posts with their organizations, and every relation
/// grouped by type, each with the sentence that states it; a quote opens the whole article with
/// the words marked.
#[function_component(DetailsPanel)]
pub fn details_panel(props: &DetailsProps) -> Html {
    let article = use_state(|| None::<Evidence>);
    // The relation groups the reader asked to see whole (a hub of a large graph has hundreds).
    let expanded = use_state(|| (props.id, Vec::<String>::new()));
    {
        // A new selection starts with its lists short again.
        let expanded = expanded.clone();
        use_effect_with(props.id, move |&id| {
            if expanded.0 != id {
                expanded.set((id, Vec::new()));
            }
        });
    }
    let is_expanded = |kind: &String| expanded.0 == props.id && expanded.1.contains(kind);
    let graph = &props.scene.graph;
    let t = props.lang.text();
    let d = details(graph, props.id);
    let node = graph.node(props.id);
    let name = |id: NodeId| kg_core::query::name(graph, id, props.lang.explain()).to_string();
    let link = |id: NodeId| {
        let on_select = props.on_select.clone();
        html! {
            <button class="entity-link" data-id={graph.node(id).id.to_string()} onclick={Callback::from(move |_| on_select.emit(id))}>{ name(id) }</button>
        }
    };
    let quotes = |evidence: &[Evidence]| -> Html {
        evidence
            .iter()
            .map(|ev| {
                let open = {
                    let (article, ev) = (article.clone(), ev.clone());
                    Callback::from(move |_| article.set(Some(ev.clone())))
                };
                html! {
                    <li>
                        { evidence_html(&props.sources, ev) }
                        if props.sources.contains_key(&ev.doc) {
                            <button class="show-source" onclick={open}>{ t.show_in_article }</button>
                        }
                    </li>
                }
            })
            .collect()
    };
    let source_view = match &*article {
        Some(ev) => match props.sources.get(&ev.doc) {
            Some(text) => {
                let chars: Vec<char> = text.chars().collect();
                let (a, b) = (ev.start.min(chars.len()), ev.end.min(chars.len()).max(ev.start.min(chars.len())));
                let part = |x: usize, y: usize| chars[x..y].iter().collect::<String>();
                let close = {
                    let article = article.clone();
                    Callback::from(move |_| article.set(None))
                };
                html! {
                    <section class="source-view" id="source-view" aria-label={t.article}>
                        <header><strong>{ t.article }</strong><button onclick={close}>{ t.close }</button></header>
                        <p>{ part(0, a) }<mark id="source-mark">{ part(a, b) }</mark>{ part(b, chars.len()) }</p>
                    </section>
                }
            }
            None => html! {},
        },
        None => html! {},
    };
    html! {
        <section class="details" id="details" aria-label={t.details}>
            <h2 class="details-name">{ node.display_label() }<span class="kind">{ kind_name(props.lang, node.node_kind()) }</span></h2>
            <p class="names" aria-label={t.names}>{ d.names.join(" · ") }</p>
            if !node.evidence.is_empty() {
                <ul class="quotes">{ quotes(&node.evidence) }</ul>
            }
            if !d.posts.is_empty() {
                <h3>{ t.posts }</h3>
                <ul class="posts">
                    { for d.posts.iter().map(|p| html! {
                        <li class="post">
                            <span class="post-title">{ p.title.clone() }</span>
                            if let Some(org) = p.organization { { " @ " }{ link(org) } }
                            if p.start.is_some() || p.end.is_some() {
                                <span class="dates">{ format!(" ({}–{})", p.start.clone().unwrap_or_default(), p.end.clone().unwrap_or_default()) }</span>
                            }
                            <ul class="quotes">{ quotes(&p.evidence) }</ul>
                        </li>
                    }) }
                </ul>
            }
            { for d.groups.iter().map(|(kind, relations)| {
                let shown = if is_expanded(kind) { relations.len() } else { relations.len().min(RELATIONS_SHOWN) };
                let show_all = {
                    let (expanded, kind, id) = (expanded.clone(), kind.clone(), props.id);
                    Callback::from(move |_| {
                        let mut kinds = if expanded.0 == id { expanded.1.clone() } else { Vec::new() };
                        kinds.push(kind.clone());
                        expanded.set((id, kinds));
                    })
                };
                html! {
                <div class="relation-group" data-relation={kind.clone()}>
                    <h3>{ kind.clone() }<span class="count">{ relations.len() }</span></h3>
                    <ul>
                        { for relations[..shown].iter().map(|r| {
                            let record = graph.edge(r.edge);
                            let (s, tgt) = if r.outgoing { (props.id, r.other) } else { (r.other, props.id) };
                            let clause = props.lang.script(kg_core::query::relation_clause(&record.kind, &name(s), &name(tgt), props.lang.explain()));
                            html! {
                                <li class="relation">
                                    { link(r.other) }
                                    <span class="clause">{ clause }</span>
                                    if record.inferred { <span class="inferred">{ t.inferred }</span> }
                                    <ul class="quotes">{ quotes(&record.evidence) }</ul>
                                </li>
                            }
                        }) }
                    </ul>
                    if shown < relations.len() {
                        <button class="show-all" onclick={show_all}>{ format!("{} ({})", t.show_all, relations.len()) }</button>
                    }
                </div>
            }}) }
            { source_view }
        </section>
    }
}

#[derive(Properties, Clone)]
pub struct PathProps {
    pub scene: Rc<Scene>,
    pub index: Rc<LazyIndex>,
    pub lang: Lang,
    pub from: Option<NodeId>,
    pub to: Option<NodeId>,
    /// The shortest paths found (the first is lit on the graph).
    pub paths: Rc<Vec<kg_core::query::Path>>,
    /// The view the paths were searched in (for derived ties).
    pub view: Rc<kg_core::algo::View>,
    pub sources: Sources,
    pub on_from: Callback<NodeId>,
    pub on_to: Callback<NodeId>,
}

impl PartialEq for PathProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene) && self.lang == other.lang && self.from == other.from && self.to == other.to && Rc::ptr_eq(&self.paths, &other.paths) && Rc::ptr_eq(&self.sources, &other.sources)
    }
}

/// The path finder: two entities, their shortest paths as sentences with evidence, and the ties
/// they share (events, organizations).
#[function_component(PathPanel)]
pub fn path_panel(props: &PathProps) -> Html {
    let graph = &props.scene.graph;
    let t = props.lang.text();
    let lang = props.lang.explain();
    let result = match (props.from, props.to) {
        (Some(a), Some(b)) => {
            let ties = if graph.kind(a) == NodeKind::Person && graph.kind(b) == NodeKind::Person {
                kg_core::query::ties(graph, &props.view, a).into_iter().find(|tie| tie.other == b)
            } else {
                None
            };
            let names = |ids: &[NodeId]| ids.iter().map(|&id| kg_core::query::name(graph, id, lang).to_string()).collect::<Vec<_>>().join("、");
            html! {
                <div class="path-result" id="path-result">
                    if props.paths.is_empty() {
                        <p class="no-path">{ t.no_path }</p>
                    }
                    { for props.paths.iter().enumerate().map(|(k, path)| {
                        let (sentence, steps) = kg_core::query::explain(graph, path, lang);
                        let sentence = props.lang.script(sentence);
                        html! {
                            <div class={classes!("path", (k == 0).then_some("lit"))}>
                                <p class="path-sentence">{ sentence }</p>
                                <ol class="path-steps">
                                    { for steps.iter().map(|s| html! {
                                        <li>
                                            <span class="clause">{ props.lang.script(s.clause.clone()) }</span>
                                            if s.inferred { <span class="inferred">{ t.inferred }</span> }
                                            <ul class="quotes">{ for s.evidence.iter().map(|ev| html! { <li>{ evidence_html(&props.sources, ev) }</li> }) }</ul>
                                        </li>
                                    }) }
                                </ol>
                            </div>
                        }
                    }) }
                    if let Some(tie) = ties {
                        <div class="why" id="why-connected">
                            <h3>{ t.why_connected }</h3>
                            if !tie.shared_events.is_empty() { <p>{ format!("{}: {}", t.shared_events, names(&tie.shared_events)) }</p> }
                            if !tie.shared_organizations.is_empty() { <p>{ format!("{}: {}", t.shared_organizations, names(&tie.shared_organizations)) }</p> }
                        </div>
                    }
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <section class="path-finder" id="path-finder" aria-label={t.path_finder}>
            <h2>{ t.path_finder }</h2>
            <label>{ t.path_from }<SearchBox scene={props.scene.clone()} index={props.index.clone()} lang={props.lang} id="path-from" label={t.path_from} on_pick={props.on_from.clone()} /></label>
            if let Some(a) = props.from { <p class="picked" id="path-from-picked">{ graph.node(a).display_label() }</p> }
            <label>{ t.path_to }<SearchBox scene={props.scene.clone()} index={props.index.clone()} lang={props.lang} id="path-to" label={t.path_to} on_pick={props.on_to.clone()} /></label>
            if let Some(b) = props.to { <p class="picked" id="path-to-picked">{ graph.node(b).display_label() }</p> }
            { result }
        </section>
    }
}

/// An edit of the filters made by one input.
type FilterEdit = Rc<dyn Fn(&mut Filters, &HtmlInputElement)>;

#[derive(Properties, Clone)]
pub struct FilterProps {
    pub scene: Rc<Scene>,
    pub lang: Lang,
    pub filters: Filters,
    pub hidden: Hidden,
    pub selected: Option<NodeId>,
    pub on_change: Callback<Filters>,
    /// The communities' sizes, largest first (empty unless colouring by community).
    pub community_sizes: Rc<Vec<usize>>,
}

impl PartialEq for FilterProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene)
            && self.lang == other.lang
            && self.filters == other.filters
            && self.hidden == other.hidden
            && self.selected == other.selected
            && self.community_sizes == other.community_sizes
    }
}

/// The most communities the filter lists (the largest).
const LISTED_COMMUNITIES: usize = 20;

/// The filters: entity types, relation types, a minimum degree, the selection's neighbourhood,
/// with the count of what they hide.
#[function_component(FilterPanel)]
pub fn filter_panel(props: &FilterProps) -> Html {
    let graph = &props.scene.graph;
    let t = props.lang.text();
    let f = &props.filters;
    // Counted once per graph: the panel re-renders with the toolbar, and a large graph has
    // hundreds of thousands of relations.
    let relation_counts = use_memo(Rc::as_ptr(&props.scene) as usize, {
        let scene = props.scene.clone();
        move |_| {
            let graph = &scene.graph;
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for (e, _, _) in graph.edges() {
                let kind = &graph.edge(e).kind;
                match counts.get_mut(kind.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(kind.to_string(), 1);
                    }
                }
            }
            counts
        }
    });
    let change = |edit: FilterEdit| {
        let (on_change, f) = (props.on_change.clone(), f.clone());
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = f.clone();
                edit(&mut next, &input);
                on_change.emit(next);
            }
        })
    };
    let kinds = graph.kind_counts().into_iter().map(|(kind, n)| {
        let onchange = change(Rc::new(move |f: &mut Filters, i: &HtmlInputElement| {
            f.hidden_kinds.retain(|k| *k != kind);
            if !i.checked() {
                f.hidden_kinds.push(kind);
            }
        }));
        html! {
            <label class="check"><input type="checkbox" data-kind={kind.as_str()} checked={!f.hidden_kinds.contains(&kind)} {onchange} />
                { swatch(kind.colour()) }{ format!("{} {n}", kind_name(props.lang, kind)) }</label>
        }
    });
    let relations = relation_counts.iter().map(|(kind, &n)| {
        let owned = kind.clone();
        let onchange = change(Rc::new(move |f: &mut Filters, i: &HtmlInputElement| {
            f.hidden_relations.retain(|k| *k != owned);
            if !i.checked() {
                f.hidden_relations.push(owned.clone());
            }
        }));
        html! { <label class="check"><input type="checkbox" data-relation={kind.to_string()} checked={!f.hidden_relations.iter().any(|r| r == kind)} {onchange} />{ format!("{kind} {n}") }</label> }
    });
    let communities = props.community_sizes.iter().enumerate().take(LISTED_COMMUNITIES).map(|(k, n)| {
        let k = k as u32;
        let onchange = change(Rc::new(move |f: &mut Filters, i: &HtmlInputElement| {
            f.hidden_communities.retain(|c| *c != k);
            if !i.checked() {
                f.hidden_communities.push(k);
            }
        }));
        let colour = kg_core::present::GROUP_COLOURS[(k as usize).min(kg_core::present::GROUP_COLOURS.len() - 1)];
        html! {
            <label class="check"><input type="checkbox" data-community={k.to_string()} checked={!f.hidden_communities.contains(&k)} {onchange} />
                { swatch(colour) }{ format!("{} {} · {n}", t.community, k + 1) }</label>
        }
    });
    let on_degree = change(Rc::new(|f: &mut Filters, i: &HtmlInputElement| f.min_degree = i.value().parse().unwrap_or(0)));
    let selected = props.selected;
    let on_around = change(Rc::new(move |f: &mut Filters, i: &HtmlInputElement| f.around = if i.checked() { selected.map(|s| (s, 1)) } else { None }));
    let on_hops = change(Rc::new(|f: &mut Filters, i: &HtmlInputElement| {
        if let Some((c, _)) = f.around {
            f.around = Some((c, i.value().parse().unwrap_or(1).clamp(1, 6)));
        }
    }));
    let reset = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit(Filters::default()))
    };
    html! {
        <section class="filters" id="filters" aria-label={t.filters}>
            <h2>{ t.filters }</h2>
            <p class="hidden-count" id="hidden-count" aria-live="polite">
                { format!("{} {} {} · {} {} {}", t.hidden, props.hidden.nodes, t.entities, t.hidden, props.hidden.edges, t.relations) }
            </p>
            <fieldset><legend>{ t.entity_types }</legend>{ for kinds }</fieldset>
            <fieldset><legend>{ t.relation_types }</legend>{ for relations }</fieldset>
            if !props.community_sizes.is_empty() {
                <fieldset><legend>{ t.communities }</legend>{ for communities }</fieldset>
            }
            <label class="number">{ t.min_degree }<input id="min-degree" type="number" min="0" value={f.min_degree.to_string()} onchange={on_degree} /></label>
            <label class="check"><input id="only-neighbourhood" type="checkbox" checked={f.around.is_some()} disabled={selected.is_none() && f.around.is_none()} onchange={on_around} />{ t.only_neighbourhood }</label>
            if let Some((_, hops)) = f.around {
                <label class="number"><input id="hops" type="number" min="1" max="6" value={hops.to_string()} onchange={on_hops} />{ t.hops }</label>
            }
            <button id="reset-filters" onclick={reset} disabled={f.is_empty()}>{ t.reset }</button>
        </section>
    }
}

/// The distinct dates of a graph's events and relations, sorted.
pub fn dates(scene: &Scene) -> Vec<String> {
    let doc = scene.graph.document();
    let mut out: Vec<String> = doc
        .nodes
        .iter()
        .flat_map(|n| [&n.date, &n.end_date])
        .chain(doc.edges.iter().flat_map(|e| [&e.start, &e.end]))
        .flatten()
        .filter(|d| kg_core::load::is_iso_date(d))
        .cloned()
        .collect();
    kg_core::sorting::sort_by(&mut out, |a, b| a.cmp(b));
    out.dedup();
    out
}

#[derive(Properties, Clone)]
pub struct TimelineProps {
    pub scene: Rc<Scene>,
    pub lang: Lang,
    pub from: Option<String>,
    pub to: Option<String>,
    /// A new range (`None` ends stand for "open").
    pub on_change: Callback<(Option<String>, Option<String>)>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &other.scene) && self.lang == other.lang && self.from == other.from && self.to == other.to
    }
}

/// The most bars the time bar draws; events on nearby dates share a bar beyond that.
const MAX_TIME_BARS: usize = 200;

/// A coordinate of the time bar's SVG, to two places.
fn two_places(x: f64) -> String {
    kg_core::decimal::fixed(x, 2).to_string()
}

/// The time bar: a bar per date of events (taller for more events; nearby dates share a bar when
/// there are many), and two handles that brush a range of dates; what lies
/// outside is hidden (events by date, posts and relations by their start and end).
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let t = props.lang.text();
    let stops = use_memo(Rc::as_ptr(&props.scene) as usize, {
        let scene = props.scene.clone();
        move |_| dates(&scene)
    });
    if stops.is_empty() {
        return html! { <section class="timeline" id="timeline"><h2>{ t.timeline }</h2><p>{ t.no_dates }</p></section> };
    }
    let last = stops.len() - 1;
    let lo = props.from.as_ref().and_then(|d| stops.iter().position(|s| s >= d)).unwrap_or(0);
    let hi = props.to.as_ref().and_then(|d| stops.iter().rposition(|s| s <= d)).unwrap_or(last);
    // A few hundred bars at most, whatever the number of events (see `time_bins`).
    let bins = use_memo((Rc::as_ptr(&props.scene) as usize, stops.len()), {
        let (scene, stops) = (props.scene.clone(), stops.clone());
        move |_| kg_core::explore::time_bins(&scene.graph, &stops, MAX_TIME_BARS)
    });
    let tallest = bins.iter().map(|b| b.count).max().unwrap_or(1);
    let graph = &props.scene.graph;
    let handle = |is_from: bool| {
        let (on_change, stops) = (props.on_change.clone(), stops.clone());
        let (lo, hi) = (lo, hi);
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return };
            let k: usize = input.value().parse().unwrap_or(0);
            let (mut a, mut b) = (lo, hi);
            if is_from {
                a = k.min(b);
            } else {
                b = k.max(a);
            }
            let from = (a > 0).then(|| stops[a].clone());
            let to = (b < stops.len() - 1).then(|| stops[b].clone());
            on_change.emit((from, to));
        })
    };
    let pct = |k: usize| if last == 0 { 50.0 } else { k as f64 * 100.0 / last as f64 };
    html! {
        <section class="timeline" id="timeline" aria-label={t.timeline}>
            <h2>{ t.timeline }</h2>
            <svg class="time-bar" viewBox="0 0 100 18" preserveAspectRatio="none" aria-hidden="true">
                <rect class="brushed" x={two_places(pct(lo))} y="0" width={two_places((pct(hi) - pct(lo)).max(0.5))} height="18" />
                <line class="axis" x1="0" y1="17" x2="100" y2="17" />
                { for bins.iter().map(|bin| {
                    let (a, b) = bin.stops;
                    let height = 4.0 + 10.0 * bin.count as f64 / tallest as f64;
                    let title = if bin.count == 1 {
                        graph.node(bin.sample).display_label().to_string()
                    } else if a == b {
                        format!("{} · {} {}", stops[a], bin.count, t.events)
                    } else {
                        format!("{} – {} · {} {}", stops[a], stops[b], bin.count, t.events)
                    };
                    html! {
                        <rect class="tick" x={two_places(pct(a) - 0.4)} y={two_places(17.0 - height)}
                            width={two_places(pct(b) - pct(a) + 0.8)} height={two_places(height)}><title>{ title }</title></rect>
                    }
                }) }
            </svg>
            <label class="range">{ t.from }
                <input id="time-from" type="range" min="0" max={last.to_string()} value={lo.to_string()} oninput={handle(true)} aria-valuetext={stops[lo].clone()} />
                <output>{ stops[lo].clone() }</output></label>
            <label class="range">{ t.to }
                <input id="time-to" type="range" min="0" max={last.to_string()} value={hi.to_string()} oninput={handle(false)} aria-valuetext={stops[hi].clone()} />
                <output>{ stops[hi].clone() }</output></label>
        </section>
    }
}
