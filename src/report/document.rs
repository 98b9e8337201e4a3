//! A small document model that renders to Markdown and to a
//! self-contained HTML page (figures embedded as base64 PNG data URIs), so
//! both reports carry the same text and numbers.

use std::fmt::Write as _;

use base64::Engine;

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    List(Vec<String>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A figure: its PNG file name relative to the report, caption and bytes.
    Figure {
        relative_path: String,
        caption: String,
        png: Vec<u8>,
    },
}

/// The report as a sequence of blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn list(&mut self, items: Vec<String>) {
        self.blocks.push(Block::List(items));
    }

    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table {
            header: header.iter().map(|cell| (*cell).to_owned()).collect(),
            rows,
        });
    }

    /// Renders GitHub-flavoured Markdown; figures link their PNG files.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let _ = writeln!(out, "{} {text}\n", "#".repeat(usize::from(*level)));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "{text}\n");
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {item}");
                    }
                    out.push('\n');
                }
                Block::Table { header, rows } => {
                    let _ = writeln!(out, "| {} |", header.join(" | "));
                    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                    for row in rows {
                        let _ = writeln!(out, "| {} |", row.join(" | "));
                    }
                    out.push('\n');
                }
                Block::Figure {
                    relative_path,
                    caption,
                    ..
                } => {
                    let _ = writeln!(out, "![{caption}]({relative_path})\n\n*{caption}*\n");
                }
            }
        }
        out
    }

    /// Renders one HTML page with inline CSS and every figure embedded, so
    /// the file can be mailed or archived on its own.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            concat!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
                "<title>{}</title>\n<style>\n",
                "body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}\n",
                "table {{ border-collapse: collapse; margin: 1rem 0; }}\n",
                "th, td {{ border: 1px solid #bbb; padding: 0.25rem 0.6rem; text-align: right; }}\n",
                "th {{ background: #f0f0f0; }}\n",
                "figure {{ margin: 1.5rem 0; }} img {{ max-width: 100%; }}\n",
                "figcaption {{ font-style: italic; }} code {{ background: #f4f4f4; }}\n",
                "</style>\n</head>\n<body>\n<h1>{}</h1>\n"
            ),
            escape(&self.title),
            escape(&self.title)
        );
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let level = level.clamp(&1, &6);
                    let _ = writeln!(out, "<h{level}>{}</h{level}>", inline(text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(out, "<p>{}</p>", inline(text));
                }
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        let _ = writeln!(out, "<li>{}</li>", inline(item));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table { header, rows } => {
                    out.push_str("<table>\n<tr>");
                    for cell in header {
                        let _ = write!(out, "<th>{}</th>", inline(cell));
                    }
                    out.push_str("</tr>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            let _ = write!(out, "<td>{}</td>", inline(cell));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</table>\n");
                }
                Block::Figure { caption, png, .. } => {
                    let data = base64::engine::general_purpose::STANDARD.encode(png);
                    let _ = writeln!(
                        out,
                        "<figure><img alt=\"{}\" src=\"data:image/png;base64,{data}\"><figcaption>{}</figcaption></figure>",
                        escape(caption),
                        escape(caption)
                    );
                }
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes text and turns Markdown `code` and **bold** spans into HTML.
fn inline(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
    let mut code = false;
    for (index, part) in escaped.split('`').enumerate() {
        if index > 0 {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
        }
        if code {
            out.push_str(part);
        } else {
            let mut bold = false;
            for (bold_index, piece) in part.split("**").enumerate() {
                if bold_index > 0 {
                    out.push_str(if bold { "</strong>" } else { "<strong>" });
                    bold = !bold;
                }
                out.push_str(piece);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_embeds_figures_as_data_uris() {
        let mut document = Document {
            title: "Run".to_owned(),
            ..Document::default()
        };
        document.blocks.push(Block::Figure {
            relative_path: "figures/roc.png".to_owned(),
            caption: "ROC".to_owned(),
            png: vec![1, 2, 3],
        });
        let html = document.to_html();
        assert!(
            html.contains("src=\"data:image/png;base64,AQID\""),
            "{html}"
        );
        assert!(!html.contains("figures/roc.png"));
        let markdown = document.to_markdown();
        assert!(markdown.contains("![ROC](figures/roc.png)"));
    }

    #[test]
    fn inline_markup_becomes_html() {
        assert_eq!(
            inline("a `x<y` and **b**"),
            "a <code>x&lt;y</code> and <strong>b</strong>"
        );
    }

    #[test]
    fn tables_render_in_both_formats() {
        let mut document = Document {
            title: "T".to_owned(),
            ..Document::default()
        };
        document.table(&["a", "b"], vec![vec!["1".to_owned(), "2".to_owned()]]);
        assert!(
            document
                .to_markdown()
                .contains("| a | b |\n|---|---|\n| 1 | 2 |")
        );
        assert!(document.to_html().contains("<tr><td>1</td><td>2</td></tr>"));
    }
}
