//! `rareplan report` and `solve --report`: one self-contained page, every
//! chart's SVG in it, and a real browser (headless Chromium) draws it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rareplan"))
}

fn model(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(name)
}

/// The `<figure class="chart" id=…>` ids of a page, each checked to hold
/// one SVG.
fn chart_ids(html: &str) -> Vec<String> {
    html.split("<figure class=\"chart\" id=\"")
        .skip(1)
        .map(|rest| {
            let (id, body) = rest.split_once('"').unwrap();
            let figure = body.split("</figure>").next().unwrap();
            assert_eq!(figure.matches("<svg").count(), 1, "chart {id} has no svg");
            assert!(figure.contains("</svg>"), "chart {id} svg is cut");
            id.to_string()
        })
        .collect()
}

#[test]
fn solve_writes_a_self_contained_report_with_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("report.html");
    let plan_path = dir.path().join("plan.json");
    let o = bin()
        .args(["solve", "-q"])
        .arg(model("embargo-2010.toml"))
        .arg("--report")
        .arg(&html_path)
        .arg("-o")
        .arg(&plan_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(
        chart_ids(&html),
        [
            "chart-supply-ndpr-oxide",
            "chart-country-ndpr-oxide",
            "chart-supply-dy-oxide",
            "chart-country-dy-oxide",
            "chart-stock-jp-magnets-ndpr-oxide",
            "chart-stock-jp-magnets-dy-oxide",
            "chart-costs",
            "chart-shortages",
            "chart-shadow-prices",
        ]
    );
    // Self-contained: no script, no link to anything outside the page.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("href=\"http"));
    // The decisions section, from the same solution.
    assert!(html.contains("<h2 id=\"decisions\">Why each supplier is used or not</h2>"));
    assert!(html.contains("<strong>jp-traders</strong>"));
    // Okabe–Ito blue fills the first series.
    assert!(html.contains("#0072B2"));

    // `report PLAN --model MODEL` gives the same page from the plan file.
    let again = dir.path().join("again.html");
    let o = bin()
        .args(["report", "-q"])
        .arg(&plan_path)
        .arg("-o")
        .arg(&again)
        .arg("--model")
        .arg(model("embargo-2010.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&again).unwrap(), html);

    // Without the model: no country charts, no decisions, all else there.
    let bare = dir.path().join("bare.html");
    let o = bin()
        .args(["report", "-q"])
        .arg(&plan_path)
        .arg("-o")
        .arg(&bare)
        .output()
        .unwrap();
    assert!(o.status.success());
    let bare = std::fs::read_to_string(&bare).unwrap();
    assert_eq!(chart_ids(&bare).len(), 7);
    assert!(bare.contains("Not in this report"));

    // A plan of another model is refused.
    let o = bin()
        .args(["report", "-q"])
        .arg(&plan_path)
        .arg("-o")
        .arg(dir.path().join("wrong.html"))
        .arg("--model")
        .arg(model("tutorial.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("wrong.html").exists());

    browser_draws(&html_path);
}

/// Headless Chromium screenshots the page; the PNG must not be blank.
/// CI installs Chromium (.ci/run); elsewhere the check is skipped with a
/// note when no browser is found.
fn browser_draws(page: &Path) {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run does)"
        );
        eprintln!("report: no chromium found; the browser check is skipped");
        return;
    };
    let dir = page.parent().unwrap();
    let png_path = dir.join("out.png");
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", png_path.display()))
        .arg("--window-size=1200,4000")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        png_path.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let total = pixels.len() / channels;
    let inked = pixels
        .chunks(channels)
        .filter(|p| p[..3.min(channels)].iter().any(|&c| c < 200))
        .count();
    assert_eq!((info.width, info.height), (1200, 4000));
    // Text, tables, bars and lines: well above a blank page's 0.
    assert!(
        inked * 100 > total * 3,
        "the screenshot is nearly blank: {inked} of {total} pixels inked"
    );
    // Coloured pixels (the charts' Okabe–Ito fills), not just black text.
    let blue = pixels
        .chunks(channels)
        .filter(|p| p[0] < 40 && (90..140).contains(&p[1]) && p[2] > 150)
        .count();
    assert!(
        blue > 10_000,
        "no chart colour in the screenshot: {blue} blue pixels"
    );
}

#[test]
fn completions_and_the_man_page_name_every_command() {
    let o = bin().args(["completions", "bash"]).output().unwrap();
    assert!(o.status.success());
    let bash = String::from_utf8(o.stdout).unwrap();
    assert!(bash.starts_with("_rareplan() {"), "{bash}");
    for command in ["solve", "check", "export", "explain", "report"] {
        assert!(
            bash.contains(&format!("rareplan__subcmd__{command}")),
            "{command}"
        );
    }
    let o = bin().arg("man").output().unwrap();
    assert!(o.status.success());
    let man = String::from_utf8(o.stdout).unwrap();
    assert!(man.contains(".TH rareplan 1"), "{man}");
    assert!(man.contains("rareplan\\-explain"), "{man}");
    let o = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
