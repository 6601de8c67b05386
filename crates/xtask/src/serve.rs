//! A small static file server that behaves like GitHub Pages and Netlify: `/x/` serves
//! `x/index.html`, `/x` redirects to `/x/` when `x` is a folder, `/x` serves `x.html`
//! when there is one, and anything else gets `404.html` with status 404. Text is
//! gzip-compressed when the browser accepts it, as a real host would. It serves the
//! release build for people (`cargo xtask serve`) and for the browser tests.

use flate2::{write::GzEncoder, Compression};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// `cargo xtask serve [--port N] [--no-build]`: build the release site (unless
/// `--no-build`) and serve it until stopped.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut port = 8080;
    let mut build = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--no-build" => build = false,
            "--port" => {
                let n = rest.next().ok_or("--port needs a number")?;
                port = n
                    .parse()
                    .map_err(|_| format!("--port needs a number, not {n:?}"))?;
            }
            other => {
                return Err(format!(
                    "unknown option {other:?}; usage: cargo xtask serve [--port N] [--no-build]"
                ))
            }
        }
    }
    if build {
        crate::setup::for_build()?;
        crate::build::release()?;
    }
    let base = crate::build::base();
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    println!("\nServing the site on http://127.0.0.1:{port}{base}/  (Ctrl-C stops it)");
    serve_forever(listener, crate::util::root().join("dist"), base);
    Ok(())
}

/// Starts serving `dist` under `base` on a free local port, in the background.
pub(crate) fn start(dist: PathBuf, base: String) -> Result<SocketAddr, String> {
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("cannot listen: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || serve_forever(listener, dist, base));
    Ok(addr)
}

fn serve_forever(listener: TcpListener, dist: PathBuf, base: String) {
    let site = Arc::new((dist, base));
    for stream in listener.incoming().flatten() {
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            let _ = respond(stream, &site.0, &site.1);
        });
    }
}

/// What a request path resolves to.
#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(dist: &Path, base: &str, url_path: &str) -> Resolved {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let Some(rel) = path.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    if rel.is_empty() {
        return Resolved::Redirect(format!("{base}/"));
    }
    let Some(decoded) = percent_decode(rel.trim_start_matches('/')) else {
        return Resolved::NotFound;
    };
    let candidate = Path::new(&decoded);
    if candidate
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        && !decoded.is_empty()
    {
        return Resolved::NotFound;
    }
    let full = dist.join(candidate);
    if decoded.is_empty() || rel.ends_with('/') {
        let index = full.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if full.is_file() {
        return Resolved::File(full);
    }
    if full.is_dir() {
        return Resolved::Redirect(format!("{path}/"));
    }
    let html = full.with_extension("html");
    if html.is_file() {
        return Resolved::File(html);
    }
    Resolved::NotFound
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: TcpStream, dist: &Path, base: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accepts_gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
            accepts_gzip = true;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return send(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            &[],
            false,
            false,
        );
    }
    match resolve(dist, base, target) {
        Resolved::File(path) => {
            let body = std::fs::read(&path)?;
            let cache = [("Cache-Control", cache_control(&path))];
            send(
                stream,
                "200 OK",
                content_type(&path),
                &body,
                &cache,
                accepts_gzip,
                head_only,
            )
        }
        Resolved::Redirect(location) => {
            let headers = [
                ("Location", location.as_str()),
                ("Cache-Control", "no-cache"),
            ];
            send(
                stream,
                "301 Moved Permanently",
                "text/plain",
                b"",
                &headers,
                false,
                head_only,
            )
        }
        Resolved::NotFound => {
            let body =
                std::fs::read(dist.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            let headers = [("Cache-Control", "no-cache")];
            send(
                stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
                &headers,
                accepts_gzip,
                head_only,
            )
        }
    }
}

/// Trunk puts a content hash in every asset's name, so those can be cached for good;
/// pages and data must be revalidated.
fn cache_control(path: &Path) -> &'static str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hashed = name
        .split(['-', '.', '_'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn send(
    mut stream: TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    headers: &[(&str, &str)],
    gzip: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let compressible = content_type.starts_with("text/")
        || content_type.contains("json")
        || content_type.contains("svg")
        || content_type.contains("wasm");
    let compressed;
    let (body, encoding) = if gzip && compressible && body.len() > 256 {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(body)?;
        compressed = encoder.finish()?;
        (
            compressed.as_slice(),
            "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n",
        )
    } else {
        (body, "")
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{encoding}Connection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("notes/a")).unwrap();
        std::fs::write(dir.join("index.html"), "home").unwrap();
        std::fs::write(dir.join("notes/a/index.html"), "a").unwrap();
        std::fs::write(dir.join("app.js"), "js").unwrap();
        std::fs::write(dir.join("page.html"), "p").unwrap();
        dir
    }

    #[test]
    fn resolves_like_a_static_host() {
        let d = site();
        assert_eq!(resolve(&d, "", "/"), Resolved::File(d.join("index.html")));
        assert_eq!(
            resolve(&d, "", "/notes/a/"),
            Resolved::File(d.join("notes/a/index.html"))
        );
        assert_eq!(
            resolve(&d, "", "/notes/a/?x=1#y"),
            Resolved::File(d.join("notes/a/index.html"))
        );
        assert_eq!(
            resolve(&d, "", "/notes/a"),
            Resolved::Redirect("/notes/a/".into())
        );
        assert_eq!(resolve(&d, "", "/app.js"), Resolved::File(d.join("app.js")));
        assert_eq!(
            resolve(&d, "", "/page"),
            Resolved::File(d.join("page.html"))
        );
        assert_eq!(resolve(&d, "", "/nope"), Resolved::NotFound);
        assert_eq!(resolve(&d, "", "/notes/b/"), Resolved::NotFound);
    }

    #[test]
    fn only_hashed_assets_are_cached_for_good() {
        assert_eq!(
            cache_control(Path::new("dist/site-1d06401f23056ac7_bg.wasm")),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control(Path::new("dist/site-1d06401f23056ac7.js")),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control(Path::new("dist/theme-894b7793bf4cd902.css")),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control(Path::new("dist/notes/a/index.html")),
            "no-cache"
        );
    }

    #[test]
    fn honours_the_base_path_and_refuses_to_leave_the_folder() {
        let d = site();
        assert_eq!(
            resolve(&d, "/sd", "/sd/"),
            Resolved::File(d.join("index.html"))
        );
        assert_eq!(resolve(&d, "/sd", "/sd"), Resolved::Redirect("/sd/".into()));
        assert_eq!(resolve(&d, "/sd", "/notes/a/"), Resolved::NotFound);
        assert_eq!(resolve(&d, "", "/../etc/passwd"), Resolved::NotFound);
        assert_eq!(resolve(&d, "", "/%2e%2e/etc/passwd"), Resolved::NotFound);
        assert_eq!(resolve(&d, "", "/%zz"), Resolved::NotFound);
    }
}
