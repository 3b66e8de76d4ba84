//! Draws a [`Figure`] to SVG and PNG with plotters.
//!
//! This module owns the look of every chart: layout (two panels per row), axis labels with
//! units, legends, number formatting, and the embedded font. PNG text is rasterised from the
//! DejaVu Sans file compiled into the binary (plotters' `ab_glyph` feature), so rendering needs no
//! system fonts and gives the same pixels on every machine; the SVG names `sans-serif` and leaves
//! the glyphs to the viewer. It does not decide what to plot (the figure builders do) nor where
//! files go (the output module does).

use core::fmt;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, register_font};

use super::chart::{Axis, Figure, Layer, Legend, Panel, Plot, Rgb, Scale, Series};

/// The font used for every label; see `sim/assets/DejaVuSans-LICENSE.txt`.
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Width and height of one panel in pixels.
const PANEL_W: u32 = 760;
const PANEL_H: u32 = 500;
/// Width of a figure with a single panel (room for long category names and side legends).
const SINGLE_W: u32 = 1000;
/// Height of the figure title strip.
const TITLE_H: u32 = 44;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart rendering failed: {}", self.0)
    }
}

impl core::error::Error for RenderError {}

fn err<E: fmt::Display>(e: E) -> RenderError {
    RenderError(e.to_string())
}

/// Registers the embedded font under the family name plotters uses for `sans-serif`, once.
fn ensure_font() -> Result<(), RenderError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font("sans-serif", FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(RenderError("embedded font did not parse".into()))
    }
}

/// Pixel size of a whole figure.
pub fn figure_size(fig: &Figure) -> (u32, u32) {
    let n = u32::try_from(fig.panels.len().max(1)).unwrap_or(1);
    if n == 1 {
        return (SINGLE_W, PANEL_H + TITLE_H);
    }
    let rows = n.div_ceil(2);
    (PANEL_W * 2, PANEL_H * rows + TITLE_H)
}

/// The figure as an SVG document.
pub fn to_svg(fig: &Figure) -> Result<String, RenderError> {
    ensure_font()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, figure_size(fig)).into_drawing_area();
        draw_figure(&root, fig)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Writes the figure as a PNG file at `path`.
pub fn to_png(fig: &Figure, path: &Path) -> Result<(), RenderError> {
    ensure_font()?;
    let root = BitMapBackend::new(path, figure_size(fig)).into_drawing_area();
    draw_figure(&root, fig)?;
    root.present().map_err(err)?;
    Ok(())
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Compact human number: 1.5k, 20M, 0.25, 3 — tick labels stay short and readable.
pub fn fmt_num(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let s = if scaled == 0.0 {
        "0".to_owned()
    } else if scaled.abs() >= 100.0 || (scaled.fract().abs() < 1e-9) {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 10.0 {
        format!("{scaled:.1}")
    } else if scaled.abs() >= 0.01 {
        format!("{scaled:.2}")
    } else {
        format!("{scaled:.1e}")
    };
    let s = if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    format!("{s}{suffix}")
}

fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
) -> Result<(), RenderError> {
    root.fill(&WHITE).map_err(err)?;
    let (_, body) = root.split_vertically(TITLE_H);
    root.draw(&Text::new(
        fig.title.clone(),
        (16, 10),
        ("sans-serif", 24).into_font().color(&BLACK),
    ))
    .map_err(err)?;
    let n = fig.panels.len().max(1);
    let rows = n.div_ceil(2);
    let cols = n.min(2);
    let areas = body.split_evenly((rows, cols));
    for (panel, area) in fig.panels.iter().zip(areas.iter()) {
        draw_panel(area, panel)?;
    }
    Ok(())
}

/// Data range of an axis with some head room; log axes skip values ≤ 0.
fn range(values: impl Iterator<Item = f64>, scale: Scale, from_zero: bool) -> (f64, f64) {
    let vals: Vec<f64> = values
        .filter(|v| v.is_finite() && (scale == Scale::Linear || *v > 0.0))
        .collect();
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return if scale == Scale::Log {
            (1.0, 10.0)
        } else {
            (0.0, 1.0)
        };
    }
    match scale {
        Scale::Log => {
            let (lo, hi) = if hi / lo < 10.0 {
                (lo / 2.0, hi * 2.0)
            } else {
                (lo / 1.25, hi * 1.25)
            };
            (lo, hi)
        }
        Scale::Linear => {
            let lo = if from_zero { lo.min(0.0) } else { lo };
            let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
            let hi = hi + span * 0.08;
            let lo = if from_zero && lo >= 0.0 {
                lo
            } else {
                lo - span * 0.04
            };
            (lo, hi)
        }
    }
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
) -> Result<(), RenderError> {
    match &panel.plot {
        Plot::Lines(series) => {
            let xr = range(
                series.iter().flat_map(|s| s.points.iter().map(|p| p.0)),
                panel.x.scale,
                false,
            );
            let yr = range(
                series.iter().flat_map(|s| s.points.iter().map(|p| p.1)),
                panel.y.scale,
                true,
            );
            match (panel.x.scale, panel.y.scale) {
                (Scale::Linear, Scale::Linear) => {
                    lines(area, panel, series, xr.0..xr.1, yr.0..yr.1)
                }
                (Scale::Log, Scale::Linear) => {
                    lines(area, panel, series, (xr.0..xr.1).log_scale(), yr.0..yr.1)
                }
                (Scale::Linear, Scale::Log) => {
                    lines(area, panel, series, xr.0..xr.1, (yr.0..yr.1).log_scale())
                }
                (Scale::Log, Scale::Log) => lines(
                    area,
                    panel,
                    series,
                    (xr.0..xr.1).log_scale(),
                    (yr.0..yr.1).log_scale(),
                ),
            }
        }
        Plot::Stacked { categories, layers } => bars(area, panel, categories, layers, true),
        Plot::Grouped { categories, layers } => bars(area, panel, categories, layers, false),
    }
}

fn legend_pos(l: Legend) -> SeriesLabelPosition {
    match l {
        Legend::UpperLeft => SeriesLabelPosition::UpperLeft,
        Legend::UpperRight => SeriesLabelPosition::UpperRight,
        Legend::LowerRight => SeriesLabelPosition::LowerRight,
    }
}

/// Points of a series as drawn: log axes drop values ≤ 0; step series hold each value until the
/// next x.
fn drawn_points(s: &Series, x: &Axis, y: &Axis) -> Vec<(f64, f64)> {
    let keep = |p: &(f64, f64)| {
        p.0.is_finite()
            && p.1.is_finite()
            && (x.scale == Scale::Linear || p.0 > 0.0)
            && (y.scale == Scale::Linear || p.1 > 0.0)
    };
    let pts: Vec<(f64, f64)> = s.points.iter().copied().filter(keep).collect();
    if !s.step {
        return pts;
    }
    let mut out = Vec::with_capacity(pts.len() * 2);
    for (i, p) in pts.iter().enumerate() {
        if i > 0 {
            out.push((p.0, pts[i - 1].1));
        }
        out.push(*p);
    }
    out
}

/// Line panels with more series than this get their legend in a column beside the plot.
const SIDE_LEGEND_AFTER: usize = 4;
/// Width of that column, pixels.
const SIDE_LEGEND_W: u32 = 235;

/// Draws a legend (line sample + name per series) down a column of its own.
fn side_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
) -> Result<(), RenderError> {
    let font = ("sans-serif", 13).into_font().color(&BLACK);
    for (i, s) in series.iter().enumerate() {
        let y = 70 + 22 * i32::try_from(i).unwrap_or(0);
        let c = color(s.color);
        let sample = if s.dashed {
            vec![vec![(4, y), (11, y)], vec![(15, y), (22, y)]]
        } else {
            vec![vec![(4, y), (22, y)]]
        };
        for seg in sample {
            area.draw(&PathElement::new(seg, c.stroke_width(3)))
                .map_err(err)?;
        }
        area.draw(&Text::new(s.name.clone(), (30, y - 8), font.clone()))
            .map_err(err)?;
    }
    Ok(())
}

fn lines<DB, X, Y>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    series: &[Series],
    xs: X,
    ys: Y,
) -> Result<(), RenderError>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    // Many series would hide data under an inside legend: give them a column of their own.
    let side = series.len() > SIDE_LEGEND_AFTER;
    let (w, _) = area.dim_in_pixel();
    let (plot_area, legend_area) = area.split_horizontally(if side {
        w.saturating_sub(SIDE_LEGEND_W)
    } else {
        w
    });
    if side {
        // The caption spans the whole panel, so the plot and the legend share it.
        side_legend(&legend_area, series)?;
    }
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(&panel.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(xs, ys)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(&panel.x.label)
        .y_desc(&panel.y.label)
        // Log axes get fewer labels: plotters otherwise labels every sub-decade step and the
        // numbers run into each other.
        .x_labels(if panel.x.scale == Scale::Log { 5 } else { 10 })
        .y_labels(if panel.y.scale == Scale::Log { 6 } else { 10 })
        .x_label_formatter(&|v| fmt_num(*v))
        .y_label_formatter(&|v| fmt_num(*v))
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .light_line_style(RGBColor(238, 238, 238))
        .max_light_lines(4)
        .draw()
        .map_err(err)?;
    for s in series {
        let c = color(s.color);
        let pts = drawn_points(s, &panel.x, &panel.y);
        let style = c.stroke_width(2);
        let anno = if s.dashed {
            chart
                .draw_series(DashedLineSeries::new(pts.clone(), 8, 5, style))
                .map_err(err)?
        } else {
            chart
                .draw_series(LineSeries::new(pts.clone(), style))
                .map_err(err)?
        };
        let dashed = s.dashed;
        anno.label(s.name.clone()).legend(move |(x, y)| {
            if dashed {
                PathElement::new(vec![(x, y), (x + 7, y)], c.stroke_width(2))
            } else {
                PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2))
            }
        });
        if pts.len() <= 12 && !s.step {
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, 3, c.filled())))
                .map_err(err)?;
        }
    }
    if !side && series.iter().any(|s| !s.name.is_empty()) {
        chart
            .configure_series_labels()
            .position(legend_pos(panel.legend))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    categories: &[String],
    layers: &[Layer],
    stacked: bool,
) -> Result<(), RenderError> {
    let n = categories.len().max(1);
    let value = |l: &Layer, i: usize| {
        l.values
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    };
    let tops = (0..n).map(|i| {
        if stacked {
            layers.iter().map(|l| value(l, i).max(0.0)).sum::<f64>()
        } else {
            layers.iter().map(|l| value(l, i)).fold(0.0, f64::max)
        }
    });
    let (y0, y1) = range(tops.chain(core::iter::once(0.0)), Scale::Linear, true);
    // Head room for the legend above the tallest bar.
    let y1 = y0 + (y1 - y0) * 1.25;
    let nf = n as f64;
    // Many or long category names do not fit side by side: turn them vertical and make room.
    let longest = categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let rotate = n > 5 || longest * 8 > (PANEL_W as usize - 100) / n;
    let label_area = if rotate {
        24 + 7 * u32::try_from(longest).unwrap_or(30)
    } else {
        48
    };
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(label_area)
        .y_label_area_size(72)
        .build_cartesian_2d(-0.5..nf - 0.5, y0..y1)
        .map_err(err)?;
    let label = |v: &f64| {
        let r = v.round();
        if (v - r).abs() < 1e-6 && r >= 0.0 {
            categories.get(r as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_desc(&panel.x.label)
        .y_desc(&panel.y.label)
        .x_label_formatter(&|v| if rotate { String::new() } else { label(v) })
        .y_label_formatter(&|v| fmt_num(*v))
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .light_line_style(RGBColor(238, 238, 238))
        .max_light_lines(4)
        .draw()
        .map_err(err)?;
    if rotate {
        // plotters centres rotated tick labels on the tick, so long names would run up into the
        // plot; draw them ourselves, starting just below the axis and reading downwards.
        let base = area.get_base_pixel();
        let style = ("sans-serif", 13)
            .into_font()
            .transform(FontTransform::Rotate90)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (i, c) in categories.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(i as f64, y0));
            area.draw(&Text::new(
                c.clone(),
                (px - base.0, py - base.1 + 6),
                style.clone(),
            ))
            .map_err(err)?;
        }
    }
    let width = 0.7;
    let k = layers.len().max(1) as f64;
    for (li, l) in layers.iter().enumerate() {
        let c = color(l.color);
        let rects: Vec<Rectangle<(f64, f64)>> = (0..categories.len())
            .map(|i| {
                let x = i as f64;
                if stacked {
                    let base: f64 = layers[..li].iter().map(|o| value(o, i).max(0.0)).sum();
                    let top = base + value(l, i).max(0.0);
                    Rectangle::new(
                        [(x - width / 2.0, base), (x + width / 2.0, top)],
                        c.filled(),
                    )
                } else {
                    let w = width / k;
                    let left = x - width / 2.0 + w * li as f64;
                    Rectangle::new([(left, 0.0), (left + w * 0.92, value(l, i))], c.filled())
                }
            })
            .collect();
        chart
            .draw_series(rects)
            .map_err(err)?
            .label(l.name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
    }
    chart
        .configure_series_labels()
        .position(legend_pos(panel.legend))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        let cases = [
            (0.0, "0"),
            (3.0, "3"),
            (0.25, "0.25"),
            (12.5, "12.5"),
            (150.0, "150"),
            (9999.0, "9999"),
            (20_000.0, "20k"),
            (1_500_000.0, "1.5M"),
            (0.001, "1.0e-3"),
        ];
        for (v, want) in cases {
            assert_eq!(fmt_num(v), want, "{v}");
        }
    }

    #[test]
    fn two_panels_sit_side_by_side_three_wrap() {
        let p = Panel {
            title: String::new(),
            x: Axis::linear("x", "x"),
            y: Axis::linear("y", "y"),
            plot: Plot::Lines(vec![]),
            legend: Legend::UpperLeft,
        };
        let mut f = Figure {
            id: "f".into(),
            title: "f".into(),
            panels: vec![p.clone()],
        };
        assert_eq!(figure_size(&f), (SINGLE_W, PANEL_H + TITLE_H));
        f.panels.push(p.clone());
        assert_eq!(figure_size(&f), (2 * PANEL_W, PANEL_H + TITLE_H));
        f.panels.push(p);
        assert_eq!(figure_size(&f), (2 * PANEL_W, 2 * PANEL_H + TITLE_H));
    }

    #[test]
    fn log_ranges_skip_non_positive_values() {
        let (lo, hi) = range([0.0, -1.0, 10.0, 1000.0].into_iter(), Scale::Log, true);
        assert!(lo > 0.0 && lo <= 10.0 && hi >= 1000.0);
    }
}
