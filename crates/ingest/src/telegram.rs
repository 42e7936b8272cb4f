//! Telegram Desktop JSON exports (`result.json`): one document per message with text.
//! Both a single-chat export (`{name, type, id, messages}`) and a full account export
//! (`{chats: {list: [...]}}`) are read.

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};
use serde_json::Value;

use crate::dates::parse_source_date;
use crate::{InputError, Item};

/// Emits the messages of a parsed export; an error when the JSON is not an export.
pub(crate) fn read_telegram(name: &str, root: &Value, sink: &mut dyn FnMut(Item)) {
    if root.get("messages").is_some_and(Value::is_array) {
        read_chat(name, root, sink);
        return;
    }
    if let Some(chats) = root.pointer("/chats/list").and_then(Value::as_array) {
        for chat in chats {
            read_chat(name, chat, sink);
        }
        return;
    }
    sink(Item::Error(InputError::new(
        name,
        "not a Telegram export (expected a \"messages\" array or \"chats.list\")",
    )));
}

/// True for the JSON layout of a Telegram Desktop export.
pub(crate) fn looks_like_export(root: &Value) -> bool {
    root.get("messages").is_some_and(Value::is_array)
        || root.pointer("/chats/list").is_some_and(Value::is_array)
}

fn read_chat(name: &str, chat: &Value, sink: &mut dyn FnMut(Item)) {
    let chat_name = chat.get("name").and_then(Value::as_str).map(str::to_owned);
    let chat_type = chat.get("type").and_then(Value::as_str);
    let chat_id = chat.get("id").map(scalar);
    let Some(messages) = chat.get("messages").and_then(Value::as_array) else {
        return;
    };
    for (i, msg) in messages.iter().enumerate() {
        let id = msg.get("id").map_or_else(|| format!("#{}", i + 1), scalar);
        let locator = format!("message {id}");
        if msg
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t != "message")
        {
            sink(Item::skip(name, &locator, "service message"));
            continue;
        }
        let text = message_text(msg);
        if text.trim().is_empty() {
            sink(Item::skip(name, &locator, "message without text"));
            continue;
        }
        let mut meta = Metadata {
            outlet: chat_name.clone(),
            author: msg
                .get("from")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .filter(|a| Some(a) != chat_name.as_ref()),
            date: msg
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| parse_source_date(d, "date")),
            ..Default::default()
        };
        let mut extra = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                meta.extra.insert(k.to_owned(), v);
            }
        };
        extra("telegram_message_id", Some(id.clone()));
        extra("telegram_chat_id", chat_id.clone());
        extra("telegram_chat_type", chat_type.map(str::to_owned));
        extra(
            "forwarded_from",
            msg.get("forwarded_from")
                .and_then(Value::as_str)
                .map(str::to_owned),
        );
        extra(
            "reply_to_message_id",
            msg.get("reply_to_message_id").map(scalar),
        );
        extra(
            "edited",
            msg.get("edited").and_then(Value::as_str).map(str::to_owned),
        );
        if meta.date.is_none()
            && let Some(ts) = msg.get("date_unixtime").map(scalar)
        {
            meta.date = unix_day(&ts);
        }
        sink(Item::Doc(RawDocument {
            source: SourceRef {
                path: name.to_owned(),
                locator: Some(locator),
                format: Format::Telegram,
            },
            text,
            meta,
        }));
    }
}

fn unix_day(ts: &str) -> Option<narrascope_core::DateInfo> {
    let secs: i64 = ts.trim().parse().ok()?;
    let d = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    parse_source_date(&d.to_string(), "date_unixtime")
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `text` is a string or an array of strings and `{type, text}` entities; fall back to
/// `text_entities` when `text` is missing.
fn message_text(msg: &Value) -> String {
    let part = |p: &Value| match p {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        _ => String::new(),
    };
    match msg.get("text") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Array(parts)) if !parts.is_empty() => parts.iter().map(part).collect(),
        _ => msg
            .get("text_entities")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(part).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_entities_and_service_messages() {
        let export = serde_json::json!({
            "name": "Канал Новостей", "type": "public_channel", "id": 1234567,
            "messages": [
                {"id": 1, "type": "service", "date": "2024-02-01T09:00:00", "action": "create_channel"},
                {"id": 2, "type": "message", "date": "2024-02-03T10:15:00", "from": "Канал Новостей",
                 "text": ["Срочно: ", {"type": "bold", "text": "заявление"}, " министерства. ",
                          {"type": "link", "text": "https://t.me/x"}]},
                {"id": 3, "type": "message", "date": "2024-02-03T11:00:00", "text": "", "photo": "p.jpg"},
                {"id": 4, "type": "message", "date_unixtime": "1706954400", "text_entities": [{"type": "plain", "text": "Вторая запись"}]}
            ]
        });
        let mut out = Vec::new();
        read_telegram("result.json", &export, &mut |i| out.push(i));
        assert_eq!(out.len(), 4);
        assert!(
            matches!(&out[0], Item::Skipped { input, .. } if input == "result.json (message 1)")
        );
        let Item::Doc(d) = &out[1] else {
            panic!("{:?}", out[1])
        };
        assert_eq!(d.text, "Срочно: заявление министерства. https://t.me/x");
        assert_eq!(d.meta.outlet.as_deref(), Some("Канал Новостей"));
        assert_eq!(d.meta.author, None);
        assert_eq!(d.meta.date.as_ref().unwrap().value, "2024-02-03");
        assert_eq!(d.source.to_string(), "result.json (message 2)");
        assert_eq!(
            d.meta.extra.get("telegram_chat_id").map(String::as_str),
            Some("1234567")
        );
        assert!(matches!(&out[2], Item::Skipped { .. }));
        let Item::Doc(d) = &out[3] else { panic!() };
        assert_eq!(
            (
                d.text.as_str(),
                d.meta.date.as_ref().unwrap().value.as_str()
            ),
            ("Вторая запись", "2024-02-03")
        );
    }

    #[test]
    fn other_json_is_an_error() {
        let mut out = Vec::new();
        read_telegram("x.json", &serde_json::json!({"a": 1}), &mut |i| out.push(i));
        assert!(matches!(&out[0], Item::Error(e) if e.message.contains("not a Telegram export")));
    }
}
