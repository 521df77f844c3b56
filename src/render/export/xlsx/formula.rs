//! The money policy as spreadsheet formulas: the same rounding the budget
//! engine applies, written so that Excel and LibreOffice recalculate the
//! printed figures kis-book computed.
//!
//! Spreadsheets compute in binary floating point: 0,1 × 3 is not 0,3 there.
//! Where a formula must see a half or compare remainders, it first scales
//! the amount to units of the printed precision and rounds that to six
//! decimals, which removes the floating-point noise while keeping every
//! decimal an amount has (rates have at most the precision's decimals and
//! hours, in practice, at most four).

use crate::source::model::{MoneyPolicy, Rounding};

/// Formula text for one policy.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    policy: MoneyPolicy,
}

impl Rules {
    pub(super) fn new(policy: MoneyPolicy) -> Self {
        Self { policy }
    }

    fn p(&self) -> u32 {
        self.policy.precision
    }

    /// `expr` in units of the printed precision (× 100 for cents).
    fn scaled(&self, expr: &str) -> String {
        match self.p() {
            0 => expr.to_owned(),
            p => format!("{expr}*{}", 10u64.pow(p)),
        }
    }

    /// `expr` in units back in currency (÷ 100 for cents).
    fn unscaled(&self, expr: &str) -> String {
        match self.p() {
            0 => expr.to_owned(),
            p => format!("({expr})/{}", 10u64.pow(p)),
        }
    }

    /// `expr` in units, cleaned of floating-point noise.
    fn units(&self, expr: &str) -> String {
        format!("ROUND({},6)", self.scaled(expr))
    }

    /// `expr` rounded to the printed precision by the rounding mode.
    pub(super) fn round(&self, expr: &str) -> String {
        match self.policy.rounding {
            Rounding::HalfUp => format!("ROUND({expr},{})", self.p()),
            Rounding::HalfEven => {
                let y = self.units(&format!("({expr})"));
                self.unscaled(&format!("IF(MOD({y},1)=0.5,2*ROUND({y}/2,0),ROUND({y},0))"))
            }
        }
    }

    /// A printed line of an organisation's block under `round: totals`: its
    /// exact amount `rate × hours` (row `row`) rounded down, plus one unit
    /// when its remainder ranks among the units the block's printed total
    /// (`total`) still needs. `rates` and `hours` are the block's columns of
    /// lines (`C3:C8`), `before` the part of them above this line, if any.
    pub(super) fn shared_line(
        &self,
        rate: &str,
        hours: &str,
        rates: &str,
        hours_range: &str,
        before: Option<(&str, &str)>,
        total: &str,
    ) -> String {
        let y = self.units(&format!("{rate}*{hours}"));
        let ys = self.units(&format!("{rates}*{hours_range}"));
        let rest = |y: &str| format!("ROUND({y}-INT({y}),6)");
        let mine = rest(&y);
        let above = format!("SUMPRODUCT(--({}>{mine}))", rest(&ys));
        let tied_before = match before {
            Some((r, h)) => {
                let yb = self.units(&format!("{r}*{h}"));
                format!("+SUMPRODUCT(--({}={mine}))", rest(&yb))
            }
            None => String::new(),
        };
        let missing = format!("ROUND({},0)-SUMPRODUCT(INT({ys}))", self.scaled(total));
        self.unscaled(&format!(
            "INT({y})+IF(1+{above}{tied_before}<={missing},1,0)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::model::RoundAt;

    fn rules(precision: u32, rounding: Rounding) -> Rules {
        Rules::new(MoneyPolicy {
            precision,
            rounding,
            round: RoundAt::Lines,
            stated: true,
        })
    }

    #[test]
    fn rounding_formulas() {
        assert_eq!(rules(0, Rounding::HalfUp).round("C3*D3"), "ROUND(C3*D3,0)");
        assert_eq!(rules(2, Rounding::HalfUp).round("C3*D3"), "ROUND(C3*D3,2)");
        assert_eq!(
            rules(2, Rounding::HalfEven).round("C3*D3"),
            "(IF(MOD(ROUND((C3*D3)*100,6),1)=0.5,2*ROUND(ROUND((C3*D3)*100,6)/2,0),\
             ROUND(ROUND((C3*D3)*100,6),0)))/100"
        );
    }
}
