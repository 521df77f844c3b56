//! The cell formats of the workbook, made once per workbook from the
//! book's precision and currency sign.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

use crate::compile::budget::Programme;
use crate::source::model::Config;

/// The formats of the workbook: Dutch readers see `1.047,00` and
/// `€ 2.620.019` through their own locale; the codes themselves are
/// locale-independent.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) header_figure: Format,
    pub(super) text: Format,
    pub(super) hours: Format,
    pub(super) money: Format,
    /// A role's own rate, not on the rate card, and its legend.
    pub(super) own_rate: Format,
    pub(super) own_rate_text: Format,
    pub(super) total_text: Format,
    pub(super) total_hours: Format,
    pub(super) total_money: Format,
    pub(super) total_currency: Format,
    pub(super) strong: Format,
    pub(super) strong_currency: Format,
    pub(super) indented: Format,
}

impl Styles {
    pub(super) fn new(config: &Config, programme: &Programme) -> Self {
        let p = programme.policy.precision;
        let number = match p {
            0 => "#,##0".to_owned(),
            p => format!("#,##0.{}", "0".repeat(p as usize)),
        };
        let sign = config.labels.currency_sign.replace('"', "");
        let currency = if sign.is_empty() {
            number.clone()
        } else {
            format!("\"{sign} \"{number}")
        };
        let header = Format::new()
            .set_bold()
            .set_font_color(0xFFFFFF)
            .set_background_color(0x1F5C6B)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        let own = Format::new().set_italic().set_background_color(0xFFF2CC);
        Self {
            title: Format::new().set_bold().set_font_size(13),
            header_figure: header.clone().set_align(FormatAlign::Right),
            header,
            text: Format::new(),
            hours: Format::new().set_num_format("General"),
            money: Format::new().set_num_format(&number),
            own_rate: own.clone().set_num_format(&number),
            own_rate_text: own,
            total_text: total.clone(),
            total_hours: total.clone().set_num_format("General"),
            total_money: total.clone().set_num_format(&number),
            total_currency: total.set_num_format(&currency),
            strong: Format::new().set_bold(),
            strong_currency: Format::new().set_bold().set_num_format(&currency),
            indented: Format::new().set_indent(1),
        }
    }
}
