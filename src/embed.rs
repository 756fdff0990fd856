//! How the viewer sits in its page: the options (from the URL for a page or an iframe, from
//! `mount(element, options)` for a viewer inside a host page's element), and the message bus to
//! the host — `postMessage` to an allowlisted parent frame, or DOM events on the element. The
//! protocol itself (what a message means) is `kg_core::protocol`.

use kg_core::protocol::{self, Allowlist, Command, Rejected};
use kg_core::serde_json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// How much of the interface shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chrome {
    /// Everything: header, toolbar, search, panels, list.
    Full,
    /// The search box, the selection and the network.
    Minimal,
    /// The network alone.
    None,
}

/// When the wheel zooms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wheel {
    Always,
    /// Only while the viewer has the keyboard focus, or with Ctrl held; otherwise the page
    /// scrolls as if the viewer were not there.
    Focus,
}

/// Where the viewer lives.
#[derive(Clone, Debug, PartialEq)]
pub enum Host {
    /// A page of its own.
    Page,
    /// An iframe: commands come by `postMessage` from allowlisted origins.
    Frame,
    /// An element of a host page (`mount`): commands come as `kg:command` events on it and
    /// events go out as DOM events on it.
    Element(web_sys::HtmlElement),
}

/// Everything the embedding decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The graph's URL.
    pub data: String,
    /// An entity to select at start, by id or name.
    pub focus: Option<String>,
    pub lang: Option<String>,
    pub theme: Option<String>,
    pub layout: Option<String>,
    pub chrome: Chrome,
    pub wheel: Wheel,
    /// Whether the view is kept in (and read from) the URL fragment: not for a viewer inside
    /// a host page, whose URL is not its own.
    pub use_hash: bool,
    /// The folder the viewer's files are served from (for the worker and `embed.json`).
    pub base: String,
    pub host: Host,
}

fn parse_chrome(s: Option<&str>) -> Chrome {
    match s {
        Some("minimal") => Chrome::Minimal,
        Some("none") => Chrome::None,
        _ => Chrome::Full,
    }
}

fn parse_wheel(s: Option<&str>, embedded: bool) -> Wheel {
    match s {
        Some("always") => Wheel::Always,
        Some("focus" | "ctrl") => Wheel::Focus,
        _ if embedded => Wheel::Focus,
        _ => Wheel::Always,
    }
}

/// True when this window is inside a frame.
fn framed() -> bool {
    let window = gloo::utils::window();
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &window),
        _ => false,
    }
}

impl Options {
    /// The options of a page or iframe, from its query string: `data` (or the benchmark's
    /// `graph`), `focus`, `lang`, `theme`, `layout`, `chrome`, `wheel`.
    pub fn from_url() -> Options {
        let location = gloo::utils::window().location();
        let params = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()).ok();
        let param = |name: &str| params.as_ref().and_then(|p| p.get(name)).filter(|s| !s.trim().is_empty());
        let host = if framed() { Host::Frame } else { Host::Page };
        let embedded = host != Host::Page;
        Options {
            data: param("graph").or_else(|| param("data")).unwrap_or_else(|| crate::DEFAULT_DATA_URL.to_string()),
            focus: param("focus"),
            lang: param("lang"),
            theme: param("theme"),
            layout: param("layout"),
            chrome: parse_chrome(param("chrome").as_deref()),
            wheel: parse_wheel(param("wheel").as_deref(), embedded),
            use_hash: true,
            base: location.href().unwrap_or_default(),
            host,
        }
    }

    /// The options `mount(element, options)` was given (a plain object with the same names as
    /// the URL parameters, plus `base`, the viewer's folder, which `embed.js` fills in).
    pub fn from_js(element: web_sys::HtmlElement, options: &JsValue) -> Options {
        let get = |name: &str| js_sys::Reflect::get(options, &name.into()).ok().and_then(|v| v.as_string()).filter(|s| !s.trim().is_empty());
        let base = get("base").unwrap_or_else(|| gloo::utils::window().location().href().unwrap_or_default());
        let data = get("data").unwrap_or_else(|| resolve(crate::DEFAULT_DATA_URL, &base));
        Options {
            data,
            focus: get("focus"),
            lang: get("lang"),
            theme: get("theme"),
            layout: get("layout"),
            chrome: parse_chrome(get("chrome").as_deref()),
            wheel: parse_wheel(get("wheel").as_deref(), true),
            use_hash: false,
            base,
            host: Host::Element(element),
        }
    }

    /// A file of the viewer's, as a URL.
    pub fn asset(&self, name: &str) -> String {
        resolve(name, &self.base)
    }
}

/// `relative` resolved against `base`.
pub fn resolve(relative: &str, base: &str) -> String {
    web_sys::Url::new_with_base(relative, base).map(|u| u.href()).unwrap_or_else(|_| relative.to_string())
}

/// serde_json to a JavaScript value (through JSON text: messages are small).
fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A JavaScript value to serde_json (`Null` when it is not JSON-able).
fn from_js(value: &JsValue) -> serde_json::Value {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// The viewer's line to its host: commands in, events out.
pub struct Bus {
    pub host: Host,
    allow: RefCell<Allowlist>,
    /// The graph view's handler for the commands it carries out (selection, focus, filters).
    handler: RefCell<Option<Callback<Command>>>,
}

impl Bus {
    pub fn new(host: Host) -> Rc<Bus> {
        let own = gloo::utils::window().location().origin().unwrap_or_default();
        Rc::new(Bus { host, allow: RefCell::new(Allowlist::own(&own)), handler: RefCell::new(None) })
    }

    /// Takes the deployment's allowlist.
    pub fn set_allowlist(&self, list: Allowlist) {
        *self.allow.borrow_mut() = list;
    }

    pub fn set_handler(&self, handler: Option<Callback<Command>>) {
        *self.handler.borrow_mut() = handler;
    }

    /// Passes a command to the graph view; false when no graph is shown yet.
    pub fn dispatch(&self, command: Command) -> bool {
        match &*self.handler.borrow() {
            Some(h) => {
                h.emit(command);
                true
            }
            None => false,
        }
    }

    /// The parent frame's origin, when it is known and allowlisted: events go only there.
    fn parent_origin(&self) -> Option<String> {
        let location = gloo::utils::window().location();
        let from_ancestors = js_sys::Reflect::get(&location, &"ancestorOrigins".into())
            .ok()
            .filter(|v| !v.is_undefined())
            .and_then(|list| js_sys::Reflect::get(&list, &0.into()).ok())
            .and_then(|v| v.as_string());
        let origin = from_ancestors.or_else(|| {
            let referrer = gloo::utils::document().referrer();
            web_sys::Url::new(&referrer).ok().map(|u| u.origin())
        })?;
        self.allow.borrow().allows(&origin).then_some(origin)
    }

    /// Sends an event to the host (nothing for a page of its own).
    pub fn notify(&self, message: serde_json::Value) {
        match &self.host {
            Host::Page => {}
            Host::Frame => {
                let Some(origin) = self.parent_origin() else { return };
                if let Ok(Some(parent)) = gloo::utils::window().parent() {
                    let _ = parent.post_message(&to_js(&message), &origin);
                }
            }
            Host::Element(element) => {
                let kind = message.get("type").and_then(|t| t.as_str()).unwrap_or("kg:event").to_string();
                let init = web_sys::CustomEventInit::new();
                init.set_detail(&to_js(&message));
                init.set_bubbles(true);
                if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&kind, &init) {
                    let _ = element.dispatch_event(&event);
                }
            }
        }
    }

    /// Reads one incoming message from `origin` (`None` for a same-page event): a command when
    /// it is ours and its origin is allowed; anything else is logged and dropped.
    pub fn receive(&self, origin: Option<&str>, data: &JsValue) -> Option<Command> {
        if let Some(origin) = origin {
            if !self.allow.borrow().allows(origin) {
                let kind = js_sys::Reflect::get(data, &"type".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
                gloo::console::warn!(format!("Ignored a message{} from {origin}: that origin is not in embed.json's allowedOrigins.", if kind.is_empty() { String::new() } else { format!(" ({kind})") }));
                return None;
            }
        }
        match protocol::parse_command(&from_js(data)) {
            Ok(c) => Some(c),
            Err(Rejected::NotOurs) => None,
            Err(Rejected::Invalid(why)) => {
                gloo::console::warn!(format!("Ignored a message: {why}"));
                self.notify(protocol::error(&why));
                None
            }
        }
    }
}

/// Listens for the host's commands: `message` events on the window for a frame, `kg:command`
/// events on the element for a mounted viewer. Returns the listener (dropping it stops).
pub fn listen(bus: &Rc<Bus>, on_command: impl Fn(Command) + 'static) -> Option<gloo::events::EventListener> {
    let b = bus.clone();
    match &bus.host {
        Host::Page => None,
        Host::Frame => Some(gloo::events::EventListener::new(&gloo::utils::window(), "message", move |e| {
            let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
            if let Some(c) = b.receive(Some(&e.origin()), &e.data()) {
                on_command(c);
            }
        })),
        Host::Element(element) => Some(gloo::events::EventListener::new(element, "kg:command", move |e| {
            let Some(e) = e.dyn_ref::<web_sys::CustomEvent>() else { return };
            if let Some(c) = b.receive(None, &e.detail()) {
                on_command(c);
            }
        })),
    }
}
