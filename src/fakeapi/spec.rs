//! The Bot API schema (`botapi_spec.json`, Bot API 10.1): which methods exist, their parameters,
//! which are required.

use std::{collections::HashMap, sync::OnceLock};

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Spec {
    methods: HashMap<String, Method>,
}

#[derive(Deserialize)]
struct Method {
    params: Vec<Param>,
}

#[derive(Deserialize)]
struct Param {
    name: String,
    required: bool,
}

fn methods() -> &'static HashMap<String, Method> {
    static SPEC: OnceLock<HashMap<String, Method>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let spec: Spec =
            serde_json::from_str(include_str!("botapi_spec.json")).expect("bundled Bot API schema parses");
        spec.methods
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect()
    })
}

/// Checks a call against the schema: the method exists, required parameters are present, and
/// no parameter is unknown (a typo real Telegram would silently ignore).
pub fn check(method: &str, params: &Value) -> Result<(), String> {
    let Some(m) = methods().get(method) else {
        return Err("Not Found".into());
    };
    let given = params.as_object().cloned().unwrap_or_default();
    for p in &m.params {
        if p.required && given.get(&p.name).is_none_or(Value::is_null) {
            return Err(format!("parameter {} is required", p.name));
        }
    }
    for name in given.keys() {
        if !m.params.iter().any(|p| &p.name == name) {
            return Err(format!("unknown parameter {name}"));
        }
    }
    Ok(())
}
