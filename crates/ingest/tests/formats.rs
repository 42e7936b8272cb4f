//! Each supported format, from small samples written here.

mod common;

use std::path::Path;

use common::{article_html, docs, errors, gzip_members, http_response, read_mem, warc_record};
use narrascope_core::{DateOrigin, Format};
use narrascope_ingest::{IngestOptions, Item, read_bytes};

fn opts() -> IngestOptions {
    IngestOptions::default()
}

#[test]
fn html_article_main_text_and_metadata() {
    let items = read_mem("page.html", article_html().as_bytes(), &opts());
    let d = docs(&items)[0];
    assert_eq!(d.source.format, Format::Html);
    assert!(
        d.text
            .contains("Le ministère de la Défense a annoncé mardi"),
        "{}",
        d.text
    );
    assert!(
        d.text.contains("fin de matinée.\n\nPlusieurs responsables"),
        "paragraphs: {:?}",
        d.text
    );
    for junk in [
        "Accepter tout",
        "Accueil",
        "Mentions légales",
        "Un autre sujet sans rapport",
    ] {
        assert!(!d.text.contains(junk), "kept {junk:?}: {}", d.text);
    }
    assert_eq!(d.meta.title.as_deref(), Some("Convois à la frontière"));
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://quotidien.example/monde/convois")
    );
    assert_eq!(d.meta.outlet.as_deref(), Some("Le Quotidien"));
    assert_eq!(d.meta.author.as_deref(), Some("Marie Dupont"));
    assert_eq!(d.meta.declared_lang.as_deref(), Some("fr"));
    let date = d.meta.date.as_ref().unwrap();
    assert_eq!(date.value, "2024-02-03");
    assert_eq!(
        date.origin,
        DateOrigin::Source {
            field: "datePublished".into()
        }
    );
}

#[test]
fn html_meta_charset_is_honoured() {
    let page = "<html><head><meta charset=\"windows-1251\"><title>Новости</title></head><body><p>Министерство обороны сообщило о новых ударах по инфраструктуре.</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
    let items = read_mem("ru.htm", &bytes, &opts());
    let d = docs(&items)[0];
    assert!(d.text.starts_with("Министерство обороны"), "{}", d.text);
    assert_eq!(d.meta.title.as_deref(), Some("Новости"));
    assert_eq!(
        d.meta.extra.get("encoding").map(String::as_str),
        Some("windows-1251")
    );
}

fn sample_warc() -> Vec<Vec<u8>> {
    let page = article_html();
    let undated = "<html><head><title>Sans date</title></head><body><p>Une page sans date de publication, archivée telle quelle.</p></body></html>";
    vec![
        warc_record(
            "warcinfo",
            "",
            "2024-03-01T00:00:00Z",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "https://quotidien.example/monde/convois",
            "2024-03-01T00:00:01Z",
            "application/http; msgtype=request",
            b"GET /monde/convois HTTP/1.1\r\nHost: quotidien.example\r\n\r\n",
        ),
        http_response(
            "https://quotidien.example/monde/convois",
            "2024-03-01T00:00:02Z",
            "text/html; charset=utf-8",
            page.as_bytes(),
        ),
        http_response(
            "https://quotidien.example/logo.png",
            "2024-03-01T00:00:03Z",
            "image/png",
            b"\x89PNG\r\n\x1a\n\0\0",
        ),
        http_response(
            "https://autre.example/p",
            "2024-03-02T08:00:00Z",
            "text/html",
            undated.as_bytes(),
        ),
    ]
}

#[test]
fn warc_plain_and_gzip_give_the_same_documents() {
    let records = sample_warc();
    let plain: Vec<u8> = records.concat();
    let gz = gzip_members(&records);
    for (name, bytes) in [
        ("a.warc", plain),
        ("a.warc.gz", gz.clone()),
        ("renamed.bin", gz),
    ] {
        let items = read_mem(name, &bytes, &opts());
        assert!(errors(&items).is_empty(), "{name}: {:?}", errors(&items));
        let d = docs(&items);
        assert_eq!(d.len(), 2, "{name}");
        assert_eq!(d[0].source.to_string(), format!("{name} (record 3)"));
        assert_eq!(d[0].source.format, Format::Warc);
        assert_eq!(
            d[0].meta.url.as_deref(),
            Some("https://quotidien.example/monde/convois")
        );
        assert_eq!(
            d[0].meta.date.as_ref().unwrap().value,
            "2024-02-03",
            "page date wins"
        );
        assert!(d[0].text.contains("Plusieurs responsables locaux"));
        assert!(d[0].meta.extra.contains_key("warc_record_id"));
        assert_eq!(d[1].meta.url.as_deref(), Some("https://autre.example/p"));
        let date = d[1].meta.date.as_ref().unwrap();
        assert_eq!(date.value, "2024-03-02");
        assert_eq!(
            date.origin,
            DateOrigin::Source {
                field: "WARC-Date".into()
            }
        );
        let skipped = items
            .iter()
            .filter(|i| matches!(i, Item::Skipped { .. }))
            .count();
        assert_eq!(
            skipped, 3,
            "{name}: warcinfo, request and image are skipped"
        );
    }
}

#[test]
fn rss_and_atom_feeds() {
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Agence Exemple</title><link>https://agence.example</link>
<item><title>Premier titre</title><link>https://agence.example/1</link><dc:creator>Jean Martin</dc:creator>
<pubDate>Sat, 03 Feb 2024 10:00:00 +0100</pubDate><description><![CDATA[<p>Premier paragraphe.</p><p>Second paragraphe.</p>]]></description></item>
<item><title>Sans corps</title><link>https://agence.example/2</link><pubDate>lun., 05 févr. 2024 08:00:00 +0100</pubDate></item>
</channel></rss>"#;
    let items = read_mem("agence.xml", rss.as_bytes(), &opts());
    let d = docs(&items);
    assert_eq!(d.len(), 2, "{items:?}");
    assert_eq!(d[0].text, "Premier paragraphe.\n\nSecond paragraphe.");
    assert_eq!(d[0].meta.title.as_deref(), Some("Premier titre"));
    assert_eq!(d[0].meta.url.as_deref(), Some("https://agence.example/1"));
    assert_eq!(d[0].meta.author.as_deref(), Some("Jean Martin"));
    assert_eq!(d[0].meta.outlet.as_deref(), Some("Agence Exemple"));
    assert_eq!(d[0].meta.date.as_ref().unwrap().value, "2024-02-03");
    assert_eq!(d[1].text, "Sans corps");
    assert_eq!(
        d[1].meta.date.as_ref().unwrap().value,
        "2024-02-05",
        "localized pubDate kept"
    );

    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog Exemple</title><id>urn:x</id><updated>2024-02-04T00:00:00Z</updated>
<entry><title>Billet</title><id>urn:x:1</id><link rel="alternate" href="https://blog.example/billet"/>
<published>2024-02-04T22:30:00-05:00</published><updated>2024-02-06T00:00:00Z</updated><author><name>Ana Ruiz</name></author>
<content type="html">&lt;p&gt;Texte du billet.&lt;/p&gt;&lt;p&gt;Suite.&lt;/p&gt;</content></entry></feed>"#;
    let items = read_mem("blog.atom", atom.as_bytes(), &opts());
    let d = docs(&items);
    assert_eq!(d.len(), 1, "{items:?}");
    assert_eq!(d[0].text, "Texte du billet.\n\nSuite.");
    assert_eq!(d[0].meta.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        d[0].meta.date.as_ref().unwrap().value,
        "2024-02-04",
        "local date, not UTC"
    );
    assert_eq!(d[0].source.to_string(), "blog.atom (item 1)");
}

#[test]
fn telegram_export_file() {
    let export = r#"{"name":"Chaîne Exemple","type":"public_channel","id":1001,"messages":[
 {"id":10,"type":"message","date":"2024-02-03T10:15:00","from":"Chaîne Exemple","text":"Premier message."},
 {"id":11,"type":"message","date":"2024-02-03T10:20:00","text":[{"type":"bold","text":"Urgent"}," : second message."]},
 {"id":12,"type":"message","date":"2024-02-03T10:21:00","text":"","photo":"photos/1.jpg"}]}"#;
    let items = read_mem("result.json", export.as_bytes(), &opts());
    let d = docs(&items);
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].text, "Urgent : second message.");
    assert_eq!(d[1].source.to_string(), "result.json (message 11)");
    assert_eq!(d[1].source.format, Format::Telegram);
    assert_eq!(d[0].meta.outlet.as_deref(), Some("Chaîne Exemple"));
    assert_eq!(d[0].meta.date.as_ref().unwrap().value, "2024-02-03");
}

#[test]
fn csv_with_quoted_multiline_field_and_json_array() {
    let csv = "id,headline,body,published,link\n1,\"Titre, avec virgule\",\"Ligne un.\n\nLigne \"\"deux\"\".\",2024-02-03,https://x.example/1\n2,Autre,Texte simple.,03/02/2024,\n";
    let items = read_mem("export.csv", csv.as_bytes(), &opts());
    let d = docs(&items);
    assert_eq!(d.len(), 2, "{items:?}");
    assert_eq!(d[0].text, "Ligne un.\n\nLigne \"deux\".");
    assert_eq!(d[0].meta.title.as_deref(), Some("Titre, avec virgule"));
    assert_eq!(d[0].meta.extra.get("id").map(String::as_str), Some("1"));
    assert_eq!(d[0].source.to_string(), "export.csv (row 1)");
    assert_eq!(d[1].meta.date, None, "ambiguous date is not guessed");
    assert_eq!(
        d[1].meta.extra.get("date_raw").map(String::as_str),
        Some("03/02/2024")
    );

    let lines = "{\"text\":\"Un.\"}\n{\"text\":\"Deux.\"}\n";
    let items = read_mem("lines.json", lines.as_bytes(), &opts());
    assert_eq!(docs(&items)[1].source.to_string(), "lines.json (line 2)");
    let items = read_mem("bad.json", b"{\"text\": oops}", &opts());
    assert!(
        errors(&items)[0]
            .to_string()
            .starts_with("bad.json: invalid JSON"),
        "{items:?}"
    );

    let arr = r#"[{"text":"Un."},{"nope":1},{"content":"Deux.","lang":"fr"}]"#;
    let items = read_mem("data.json", arr.as_bytes(), &opts());
    assert_eq!(docs(&items).len(), 2);
    assert_eq!(errors(&items)[0].input, "data.json (item 2)");
}

#[test]
fn legacy_and_utf16_text_files() {
    let fr = "Le président a déclaré à la télévision que l'été serait difficile pour les ménages.";
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(fr);
    let items = read_mem("latin1.txt", &latin, &opts());
    assert_eq!(docs(&items)[0].text, fr);
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(fr.encode_utf16().flat_map(u16::to_le_bytes));
    let items = read_mem("utf16.txt", &utf16, &opts());
    assert_eq!(docs(&items)[0].text, fr);
    assert_eq!(
        docs(&items)[0]
            .meta
            .extra
            .get("encoding")
            .map(String::as_str),
        Some("UTF-16LE")
    );
    // UTF-16 JSONL is decoded before the lines are read.
    let mut jl: Vec<u8> = vec![0xFF, 0xFE];
    jl.extend(
        "{\"text\":\"été\"}\n{\"text\":\"hiver\"}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let items = read_mem("u.jsonl", &jl, &opts());
    assert_eq!(
        docs(&items)
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>(),
        ["été", "hiver"]
    );
    let mut tg: Vec<u8> = vec![0xFE, 0xFF];
    let export = r#"{"name":"c","messages":[{"id":1,"type":"message","date":"2024-02-03T10:00:00","text":"été"}]}"#;
    tg.extend(export.encode_utf16().flat_map(u16::to_be_bytes));
    let items = read_mem("result.json", &tg, &opts());
    assert_eq!(
        docs(&items)[0].source.to_string(),
        "result.json (message 1)"
    );
}

#[test]
fn markdown_and_forced_format() {
    let md = "---\ntitle: Note\ndate: 2024-01-05\n---\n# Note\n\nContenu.";
    let d = read_mem("n.md", md.as_bytes(), &opts());
    let d = docs(&d)[0].clone();
    assert_eq!(
        (d.text.as_str(), d.source.format),
        ("# Note\n\nContenu.", Format::Markdown)
    );
    assert_eq!(d.meta.title.as_deref(), Some("Note"));
    let forced = IngestOptions {
        format: Some(Format::Jsonl),
        ..opts()
    };
    let mut out = Vec::new();
    read_bytes(
        "-",
        b"{\"text\":\"a\"}\n{\"text\":\"b\"}",
        &forced,
        &mut |i| out.push(i),
    );
    assert_eq!(docs(&out)[1].source.to_string(), "- (line 2)");
}

#[test]
fn shared_seed_texts_read_as_plain_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let mut items = Vec::new();
            narrascope_ingest::read_path(&p, &opts(), &mut |i| items.push(i));
            let d = docs(&items);
            assert_eq!(d.len(), 1, "{}: {items:?}", p.display());
            assert_eq!(d[0].source.format, Format::Text);
            assert_eq!(d[0].text, std::fs::read_to_string(&p).unwrap());
            n += 1;
        }
    }
    eprintln!("read {n} seed texts");
}
