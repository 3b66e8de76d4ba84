//! Plain-data description of a chart: figures made of panels, each a set of line series or bars.
//!
//! This module owns only the data model (what to draw, with which labels, units and colours) and
//! its CSV form. It knows nothing about the simulator or about plotters: the figure builders fill
//! these values from simulation results, `render` draws them and `csv` writes them out, so the
//! picture and the CSV next to it always come from the same numbers.

/// An sRGB colour, kept as plain bytes so the data model does not depend on the plotting library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How values are placed along an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Evenly spaced values.
    Linear,
    /// Powers of ten evenly spaced; values ≤ 0 cannot be drawn and are left out of the picture
    /// (they stay in the CSV).
    Log,
}

/// One axis: the label a reader sees (with its unit) and the column name used in the CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Human label including the unit, e.g. `"offered load (requests/s)"`.
    pub label: String,
    /// CSV column name (snake_case, unit included), e.g. `"offered_load_rps"`.
    pub column: String,
    /// Linear or logarithmic placement.
    pub scale: Scale,
}

impl Axis {
    /// A linear axis.
    pub fn linear(label: &str, column: &str) -> Self {
        Self {
            label: label.to_owned(),
            column: column.to_owned(),
            scale: Scale::Linear,
        }
    }

    /// A logarithmic axis.
    pub fn log(label: &str, column: &str) -> Self {
        Self {
            label: label.to_owned(),
            column: column.to_owned(),
            scale: Scale::Log,
        }
    }
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry (and the `series` CSV column).
    pub name: String,
    /// Line colour.
    pub color: Rgb,
    /// Drawn dashed, to tell apart two lines of the same design (e.g. p50 vs p99).
    pub dashed: bool,
    /// Drawn as a staircase (value held until the next point), for CDFs and counters.
    pub step: bool,
    /// The data, in x order.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A solid, straight-segment line.
    pub fn new(name: &str, color: Rgb, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.to_owned(),
            color,
            dashed: false,
            step: false,
            points,
        }
    }

    /// The same line, drawn dashed.
    #[must_use]
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// The same line, drawn as a staircase.
    #[must_use]
    pub fn step(mut self) -> Self {
        self.step = true;
        self
    }
}

/// One layer of a stacked bar chart, or one group member of a grouped bar chart: a value per
/// category.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Legend entry (and the `layer` CSV column).
    pub name: String,
    /// Fill colour.
    pub color: Rgb,
    /// One value per category, in category order.
    pub values: Vec<f64>,
}

impl Layer {
    /// A layer with one value per category.
    pub fn new(name: &str, color: Rgb, values: Vec<f64>) -> Self {
        Self {
            name: name.to_owned(),
            color,
            values,
        }
    }
}

/// What a panel draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Plot {
    /// Line series over numeric x.
    Lines(Vec<Series>),
    /// Bars per category with the layers stacked on top of each other (e.g. CPU + network time).
    Stacked {
        /// Category names along x.
        categories: Vec<String>,
        /// Layers, bottom first.
        layers: Vec<Layer>,
    },
    /// Bars per category with the layers side by side.
    Grouped {
        /// Category names along x.
        categories: Vec<String>,
        /// One bar per layer within each category.
        layers: Vec<Layer>,
    },
}

/// Where the legend sits inside the plotting area, chosen per panel so it hides no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legend {
    /// Top left corner.
    UpperLeft,
    /// Top right corner.
    UpperRight,
    /// Bottom right corner.
    LowerRight,
}

/// One set of axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Caption above the axes.
    pub title: String,
    /// Horizontal axis (for bar plots only its label and column are used).
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// The data.
    pub plot: Plot,
    /// Legend position.
    pub legend: Legend,
}

/// A chart file: one or more panels under a common title.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// File stem for the SVG, PNG and CSV, e.g. `"03_store_ops_vs_servers"`.
    pub id: String,
    /// Title over all panels.
    pub title: String,
    /// The panels, laid out two per row.
    pub panels: Vec<Panel>,
}

/// Quote a CSV field when it needs it (RFC 4180: fields with comma, quote or newline).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Shortest exact decimal form of a value (Rust's `Display` for `f64` round-trips), so a
/// re-plot from the CSV sees exactly the numbers that were drawn.
fn csv_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

impl Figure {
    /// The figure's data in long CSV form, one row per drawn point or bar.
    ///
    /// Line panels give `panel,series,<x>,<y>` rows and bar panels `panel,<x>,layer,<y>` rows,
    /// where `<x>` and `<y>` are the axes' column names (units included). When the panels of one
    /// figure measure different quantities, the names move into the rows instead
    /// (`panel,series,x_quantity,x,y_quantity,y`, or `panel,x_quantity,category,layer,y_quantity,y`
    /// for bars) so every value keeps its unit.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        let Some(first) = self.panels.first() else {
            return out;
        };
        let uniform = self
            .panels
            .iter()
            .all(|p| p.x.column == first.x.column && p.y.column == first.y.column);
        let bars = !matches!(first.plot, Plot::Lines(_));
        out.push_str(&match (bars, uniform) {
            (false, true) => format!("panel,series,{},{}\n", first.x.column, first.y.column),
            (false, false) => "panel,series,x_quantity,x,y_quantity,y\n".to_owned(),
            (true, true) => format!("panel,{},layer,{}\n", first.x.column, first.y.column),
            (true, false) => "panel,x_quantity,category,layer,y_quantity,y\n".to_owned(),
        });
        for panel in &self.panels {
            let p = csv_field(&panel.title);
            let (xq, yq) = if uniform {
                (String::new(), String::new())
            } else {
                (
                    format!("{},", panel.x.column),
                    format!("{},", panel.y.column),
                )
            };
            match &panel.plot {
                Plot::Lines(series) => {
                    for s in series {
                        let name = csv_field(&s.name);
                        for &(x, y) in &s.points {
                            out.push_str(&format!(
                                "{p},{name},{xq}{},{yq}{}\n",
                                csv_number(x),
                                csv_number(y)
                            ));
                        }
                    }
                }
                Plot::Stacked { categories, layers } | Plot::Grouped { categories, layers } => {
                    for (i, c) in categories.iter().enumerate() {
                        for l in layers {
                            let v = l.values.get(i).copied().unwrap_or(f64::NAN);
                            out.push_str(&format!(
                                "{p},{xq}{},{},{yq}{}\n",
                                csv_field(c),
                                csv_field(&l.name),
                                csv_number(v)
                            ));
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_of_lines_is_long_form_with_quoted_names() {
        let fig = Figure {
            id: "t".into(),
            title: "T".into(),
            panels: vec![Panel {
                title: "p, one".into(),
                x: Axis::linear("servers", "servers"),
                y: Axis::linear("ops/s", "store_ops_per_s"),
                plot: Plot::Lines(vec![Series::new(
                    "jwt",
                    Rgb(0, 0, 0),
                    vec![(1.0, 0.0), (10.0, 0.5)],
                )]),
                legend: Legend::UpperLeft,
            }],
        };
        assert_eq!(
            fig.csv(),
            "panel,series,servers,store_ops_per_s\n\"p, one\",jwt,1,0\n\"p, one\",jwt,10,0.5\n"
        );
    }

    #[test]
    fn csv_of_bars_has_one_row_per_category_and_layer() {
        let fig = Figure {
            id: "t".into(),
            title: "T".into(),
            panels: vec![Panel {
                title: "cost".into(),
                x: Axis::linear("design", "design"),
                y: Axis::linear("µs", "us_per_request"),
                plot: Plot::Stacked {
                    categories: vec!["a".into(), "b".into()],
                    layers: vec![
                        Layer::new("cpu", Rgb(1, 2, 3), vec![1.5, 2.0]),
                        Layer::new("say \"net\"", Rgb(1, 2, 3), vec![0.0, f64::INFINITY]),
                    ],
                },
                legend: Legend::UpperRight,
            }],
        };
        assert_eq!(
            fig.csv(),
            "panel,design,layer,us_per_request\ncost,a,cpu,1.5\ncost,a,\"say \"\"net\"\"\",0\n\
             cost,b,cpu,2\ncost,b,\"say \"\"net\"\"\",\n"
        );
    }

    #[test]
    fn csv_of_mixed_panels_names_quantities_per_row() {
        let panel = |title: &str, y: &str| Panel {
            title: title.into(),
            x: Axis::log("TTL (s)", "ttl_s"),
            y: Axis::log(y, y),
            plot: Plot::Lines(vec![Series::new("jwt", Rgb(0, 0, 0), vec![(60.0, 59.5)])]),
            legend: Legend::UpperLeft,
        };
        let fig = Figure {
            id: "t".into(),
            title: "T".into(),
            panels: vec![panel("a", "exposure_p99_s"), panel("b", "per_s")],
        };
        assert_eq!(
            fig.csv(),
            "panel,series,x_quantity,x,y_quantity,y\na,jwt,ttl_s,60,exposure_p99_s,59.5\n\
             b,jwt,ttl_s,60,per_s,59.5\n"
        );
    }
}
