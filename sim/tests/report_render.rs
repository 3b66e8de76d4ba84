//! Rendering layer: every plot kind draws to a real PNG (decodable size, embedded font, no
//! system fonts needed) and to SVG with the labels a reader needs.
#![allow(clippy::unwrap_used)]

use edgeauth_sim::report::chart::{Axis, Figure, Layer, Legend, Panel, Plot, Rgb, Series};
use edgeauth_sim::report::render::{figure_size, to_png, to_svg};

fn demo() -> Figure {
    let servers = [10.0, 30.0, 100.0, 300.0, 1000.0];
    Figure {
        id: "demo".into(),
        title: "Demo: every plot kind".into(),
        panels: vec![
            Panel {
                title: "Store ops vs servers (log x)".into(),
                x: Axis::log("servers", "servers"),
                y: Axis::linear("store operations (ops/s)", "store_ops_per_s"),
                plot: Plot::Lines(vec![
                    Series::new(
                        "session",
                        Rgb(214, 39, 40),
                        servers.iter().map(|&s| (s, s * 500.0)).collect(),
                    ),
                    Series::new(
                        "jwt",
                        Rgb(31, 119, 180),
                        servers.iter().map(|&s| (s, 0.0)).collect(),
                    ),
                    Series::new(
                        "session p50",
                        Rgb(214, 39, 40),
                        servers.iter().map(|&s| (s, s * 250.0)).collect(),
                    )
                    .dashed(),
                ]),
                legend: Legend::UpperLeft,
            },
            Panel {
                title: "Exposure CDF".into(),
                x: Axis::linear("exposure window (s)", "exposure_s"),
                y: Axis::linear("fraction of revocations", "fraction"),
                plot: Plot::Lines(vec![
                    Series::new(
                        "jwt ttl=15min",
                        Rgb(44, 160, 44),
                        (0..=20)
                            .map(|i| (f64::from(i) * 45.0, f64::from(i) / 20.0))
                            .collect(),
                    )
                    .step(),
                ]),
                legend: Legend::LowerRight,
            },
            Panel {
                title: "Auth cost per request".into(),
                x: Axis::linear("design / algorithm", "design"),
                y: Axis::linear("time per request (µs)", "us_per_request"),
                plot: Plot::Stacked {
                    categories: vec!["jwt HS256".into(), "jwt EdDSA".into(), "session".into()],
                    layers: vec![
                        Layer::new("server CPU", Rgb(31, 119, 180), vec![1.2, 40.0, 0.5]),
                        Layer::new("store + network", Rgb(255, 127, 14), vec![0.0, 0.0, 250.0]),
                    ],
                },
                legend: Legend::UpperLeft,
            },
            Panel {
                title: "Bytes per request".into(),
                x: Axis::linear("credential", "credential"),
                y: Axis::linear("bytes on the wire", "bytes"),
                plot: Plot::Grouped {
                    categories: vec!["HS256".into(), "ES256".into(), "cookie".into()],
                    layers: vec![
                        Layer::new("3 claims", Rgb(31, 119, 180), vec![180.0, 250.0, 60.0]),
                        Layer::new("30 claims", Rgb(148, 103, 189), vec![900.0, 970.0, 60.0]),
                    ],
                },
                legend: Legend::UpperRight,
            },
        ],
    }
}

#[test]
fn png_has_the_figure_size_and_is_not_blank() {
    let fig = demo();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_render");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.png");
    to_png(&fig, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, at bytes 16..24.
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), figure_size(&fig));
    // A blank white image compresses to well under 10 kB; text, lines and bars do not.
    assert!(bytes.len() > 20_000, "png is {} bytes", bytes.len());
}

#[test]
fn svg_carries_titles_axis_labels_and_legends() {
    let svg = to_svg(&demo()).unwrap();
    for needle in [
        "Demo: every plot kind",
        "store operations (ops/s)",
        "exposure window (s)",
        "time per request (µs)",
        "session p50",
        "jwt ttl=15min",
        "store + network",
        "30 claims",
        "cookie",
    ] {
        assert!(svg.contains(needle), "svg lacks {needle:?}");
    }
    assert!(svg.starts_with("<svg"));
}
