//! One horizontal bar chart per group: median per operation with its 95% CI whisker, labelled
//! with the ratio to the group's floor. SVG (text as `<text>`) and PNG (text rasterized with
//! DejaVu Sans, compiled in, so no system font is needed).

use super::load::Group;
use super::markdown::duration;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// DejaVu Sans, vendored by the simulator's report (license beside it in `sim/assets/`).
static FONT: &[u8] = include_bytes!("../../../sim/assets/DejaVuSans.ttf");

/// Registers the compiled-in font as `sans-serif` for the bitmap backend. Idempotent.
pub fn register_font() -> Result<(), String> {
    static DONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err("the compiled-in DejaVu Sans could not be parsed".to_owned())
    }
}

const WIDTH: u32 = 960;

fn height(group: &Group) -> u32 {
    let n = u32::try_from(group.entries.len()).unwrap_or(u32::MAX / 64);
    110 + 44 * n
}

fn bar_color(id: &str) -> RGBColor {
    if id.starts_with("edgeauth") {
        RGBColor(31, 119, 180)
    } else if id == "floor" {
        RGBColor(150, 150, 150)
    } else {
        RGBColor(255, 127, 14)
    }
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, group: &Group) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let n = group.entries.len();
    let max = group.entries.iter().map(|e| e.upper_ns).fold(1.0, f64::max);
    let (scale, unit) = if max < 1e4 {
        (1.0, "ns")
    } else if max < 1e7 {
        (1e3, "µs")
    } else {
        (1e6, "ms")
    };
    #[allow(clippy::cast_precision_loss)] // a handful of bars
    let rows = n as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "{} — median time per operation (lower is better)",
                group.name
            ),
            ("sans-serif", 20),
        )
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(6)
        .build_cartesian_2d(0.0..max * 1.75 / scale, 0.0..rows)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(format!("median per operation ({unit}); whisker: 95% CI"))
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(err)?;
    let floor = group.floor().map(|f| f.median_ns);
    for (i, e) in group.entries.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = rows - 1.0 - i as f64;
        let color = bar_color(&e.id);
        chart
            .draw_series(core::iter::once(Rectangle::new(
                [(0.0, y + 0.18), (e.median_ns / scale, y + 0.82)],
                color.filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(core::iter::once(PathElement::new(
                vec![(e.lower_ns / scale, y + 0.5), (e.upper_ns / scale, y + 0.5)],
                BLACK.stroke_width(2),
            )))
            .map_err(err)?;
        let ratio = floor.map_or(String::new(), |f| {
            format!("  ({:.2}× floor)", e.median_ns / f)
        });
        let label = format!("{}  {}{ratio}", e.id, duration(e.median_ns));
        let style =
            TextStyle::from(("sans-serif", 15).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(core::iter::once(Text::new(
                label,
                (e.upper_ns / scale + max * 0.015 / scale, y + 0.5),
                style,
            )))
            .map_err(err)?;
    }
    root.present().map_err(err)
}

/// The file stem of a group's charts: its name with `/` (criterion's separator in ids such as
/// `cookie_parse/find_host_sid`) replaced, so every chart lands directly in the output folder.
pub fn file_stem(group_name: &str) -> String {
    group_name.replace('/', "_")
}

/// Writes `<dir>/<group>.svg` and `<dir>/<group>.png` (see [`file_stem`]).
pub fn render(group: &Group, dir: &Path) -> Result<(), String> {
    // Both backends lay text out with the registered font (plotters' `ab_glyph` feature).
    register_font()?;
    let size = (WIDTH, height(group));
    let stem = file_stem(&group.name);
    let svg = dir.join(format!("{stem}.svg"));
    draw(&SVGBackend::new(&svg, size).into_drawing_area(), group)?;
    let png = dir.join(format!("{stem}.png"));
    draw(&BitMapBackend::new(&png, size).into_drawing_area(), group)
}
