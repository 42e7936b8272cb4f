use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use narrascope_corpus::{DocSummary, ListOrder, ListQuery, MAX_LIMIT, StoreError, is_month};
use serde_json::{Value, json};

use super::Cached;
use super::params::{format, number, pairs};
use crate::error::ApiError;
use crate::rhetoric::{actor_labels, add_rhetoric};
use crate::state::AppState;
use crate::view::{add_narratives, document_json};

const KNOWN: &[&str] = &[
    "lang", "outlet", "format", "from", "to", "q", "order", "limit", "offset",
];

/// The listing a query string asks for, or a 400 naming the bad parameter.
fn list_query(pairs: Vec<(String, String)>) -> Result<ListQuery, ApiError> {
    let mut q = ListQuery::default();
    let nonempty = |v: String| (!v.trim().is_empty()).then(|| v.trim().to_string());
    for (k, v) in pairs {
        match k.as_str() {
            "lang" => q.lang = nonempty(v),
            "outlet" => q.outlet = nonempty(v),
            "q" => q.contains = nonempty(v),
            "format" if v.is_empty() => {}
            "format" => q.format = Some(format(&v)?),
            "from" | "to" => {
                let Some(m) = nonempty(v) else { continue };
                if !is_month(&m) {
                    return Err(ApiError::bad_request(format!(
                        "{k} '{m}' is not a month (YYYY-MM)"
                    )));
                }
                *(if k == "from" {
                    &mut q.month_from
                } else {
                    &mut q.month_to
                }) = Some(m);
            }
            "order" => {
                q.order = match v.as_str() {
                    "date" | "" => ListOrder::Date,
                    "ingested" => ListOrder::Ingested,
                    "id" => ListOrder::Id,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "order '{v}' is not one of date, ingested, id"
                        )));
                    }
                }
            }
            "limit" => {
                q.limit = number("limit", &v)?;
                if q.limit == 0 || q.limit > MAX_LIMIT {
                    return Err(ApiError::bad_request(format!(
                        "limit {} is outside 1..={MAX_LIMIT}",
                        q.limit
                    )));
                }
            }
            _ => q.offset = number("offset", &v)?,
        }
    }
    Ok(q)
}

fn summary_json(d: &DocSummary) -> Value {
    json!({
        "id": d.id.0,
        "title": d.title,
        "outlet": d.outlet,
        "date": d.date,
        "lang": d.lang,
        "format": d.format.as_str(),
        "sentences": d.sentences,
        "ingested_at": d.ingested_at,
    })
}

/// `GET /api/documents`: one page of documents matching the filters.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let q = list_query(pairs(query, KNOWN)?)?;
    let (limit, offset) = (q.limit, q.offset);
    // Pages are cached too: without an index on the sort key every page sorts the corpus.
    let v = state.view(format!("documents?{q:?}"), move |s| {
        let page = s.list(&q).map_err(|e| match e {
            StoreError::Data(m) => ApiError::bad_request(m),
            e => e.into(),
        })?;
        let items: Vec<Value> = page.items.iter().map(summary_json).collect();
        Ok(json!({
            "total": page.total,
            "limit": limit,
            "offset": offset,
            "items": items,
        }))
    });
    Ok(Cached(v.await?))
}

/// `GET /api/documents/{id}`: one document with its full analysis.
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let shared = state.clone();
    let view = state
        .with_lookup(move |s| {
            let found = s.resolve_id(&id).map_err(|e| match e {
                StoreError::Data(m) => ApiError::bad_request(m),
                e => e.into(),
            })?;
            let doc = match found {
                Some(full) => s.get(&full)?,
                None => None,
            };
            let stored =
                doc.ok_or_else(|| ApiError::not_found(format!("no document with id '{id}'")))?;
            let mut v = document_json(
                &stored.doc,
                (&stored.mentions, &stored.claims),
                &stored.sources,
                Some(&stored.ingested_at),
            );
            let matches = s.narratives_of(&stored.doc.id)?;
            add_narratives(
                &mut v,
                &stored.doc,
                &stored.claims,
                &matches,
                shared.catalogs(),
            );
            let rhetoric = s.rhetoric_of(&stored.doc.id)?;
            let label = |id: &str| shared.entity(id).map(|e| e.label.clone());
            add_rhetoric(&mut v, &stored.doc, rhetoric.as_ref(), &label);
            let ids = stored.mentions.iter().filter_map(|m| m.entity.as_deref());
            let framed = rhetoric.iter().flat_map(|r| &r.framings);
            v["actor_labels"] = actor_labels(ids.chain(framed.map(|f| f.actor.as_str())), &label);
            Ok(v)
        })
        .await?;
    Ok(Json(view))
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::Format;

    fn q(pairs: &[(&str, &str)]) -> Result<ListQuery, ApiError> {
        list_query(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn query_strings_become_listings() {
        let l = q(&[
            ("lang", "fr"),
            ("from", "2024-01"),
            ("format", "html"),
            ("limit", "5"),
            ("offset", "10"),
        ])
        .unwrap();
        assert_eq!(l.lang.as_deref(), Some("fr"));
        assert_eq!(l.month_from.as_deref(), Some("2024-01"));
        assert_eq!((l.format, l.limit, l.offset), (Some(Format::Html), 5, 10));
        // Empty form fields mean "no filter".
        let l = q(&[("lang", ""), ("to", " "), ("format", "")]).unwrap();
        assert_eq!((l.lang, l.month_to, l.format), (None, None, None));
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (pair, word) in [
            (("from", "2024-1"), "from '2024-1'"),
            (("format", "pdf"), "format 'pdf'"),
            (("limit", "0"), "limit 0"),
            (("limit", "ten"), "limit 'ten'"),
            (("order", "title"), "order 'title'"),
        ] {
            let e = q(&[pair]).unwrap_err();
            assert!(e.message.contains(word), "{}", e.message);
        }
    }
}
