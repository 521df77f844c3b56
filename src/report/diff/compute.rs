//! The keyed comparison of two computed programmes: budgets by id,
//! organisation blocks by organisation id, role lines by role name, rates
//! by organisation and role, overview rows by kind and id. Never by row
//! position, so that a line moved within a table is no change and a line
//! inserted does not shift the others. Pure: no I/O, no formatting.

use rust_decimal::Decimal;

use super::{
    BudgetChange, ChangeSet, ChangeStatus, ChargeChange, Delta, GroupChange, GroupRef, LineChange,
    OrgChange, OrgTotal, RateChange, RateEffect, RateKind, Side, causes,
};
use crate::compile::budget::{Charge, ComputedBudget, GroupKind, OrgAmounts, Programme};
use crate::source::model::{Config, Group, Labels, Organisation};

/// One side to compare: which it is, its config and its computed budget.
pub(crate) type BookSide<'a> = (&'a Side, &'a Config, &'a Programme);

/// The changes from `old` to `new`.
pub(crate) fn compare(old: BookSide<'_>, new: BookSide<'_>) -> ChangeSet {
    let (old_side, old_config, old_programme) = old;
    let (new_side, new_config, new_programme) = new;
    let sides = Sides {
        before: (old_config, old_programme),
        after: (new_config, new_programme),
    };
    let budgets = union(&new_programme.budgets, &old_programme.budgets, |b| {
        b.id.clone()
    })
    .into_iter()
    .filter_map(|(before, after)| sides.budget(before, after))
    .collect();
    ChangeSet {
        old: old_side.clone(),
        new: new_side.clone(),
        currency: new_config.currency.clone(),
        labels: new_config.labels.clone(),
        words: new_config.words.clone(),
        budgets,
        rates: sides.rates(),
        groups: sides.groups(),
        organisations: sides.organisation_totals(),
        material: Delta::of(old_programme.material, new_programme.material),
        total: Delta::of(old_programme.total, new_programme.total),
        available: Delta::of(old_programme.available, new_programme.available),
    }
}

/// Pairs the items of two lists by key: `after`'s order, then the items
/// only `before` has, in its order.
fn union<'a, T, K: PartialEq>(
    after: &'a [T],
    before: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut pairs: Vec<(Option<&T>, Option<&T>)> = after
        .iter()
        .map(|a| (before.iter().find(|b| key(b) == key(a)), Some(a)))
        .collect();
    for b in before {
        if !after.iter().any(|a| key(a) == key(b)) {
            pairs.push((Some(b), None));
        }
    }
    pairs
}

/// The figure `f` of an item on each side where it exists.
fn delta<T>(before: Option<&T>, after: Option<&T>, f: impl Fn(&T) -> Decimal) -> Delta {
    Delta {
        before: before.map(&f),
        after: after.map(&f),
    }
}

fn charge(before: Option<&Charge>, after: Option<&Charge>) -> ChargeChange {
    ChargeChange {
        rate: delta(before, after, |c| c.rate),
        hours: delta(before, after, |c| c.hours),
        amount: delta(before, after, |c| c.amount),
    }
}

/// The configs and programmes of both sides.
struct Sides<'a> {
    before: (&'a Config, &'a Programme),
    after: (&'a Config, &'a Programme),
}

impl Sides<'_> {
    fn budget(
        &self,
        before: Option<&ComputedBudget>,
        after: Option<&ComputedBudget>,
    ) -> Option<BudgetChange> {
        let any = after.or(before)?;
        let (old_config, new_config) = (self.before.0, self.after.0);
        let org_id = |config: &Config, o: &OrgAmounts| config.organisations[o.org].id.clone();
        let before_orgs: Vec<(String, &OrgAmounts)> = before
            .map(|b| {
                b.organisations
                    .iter()
                    .map(|o| (org_id(old_config, o), o))
                    .collect()
            })
            .unwrap_or_default();
        let after_orgs: Vec<(String, &OrgAmounts)> = after
            .map(|b| {
                b.organisations
                    .iter()
                    .map(|o| (org_id(new_config, o), o))
                    .collect()
            })
            .unwrap_or_default();
        let organisations: Vec<OrgChange> = union(&after_orgs, &before_orgs, |(id, _)| id.clone())
            .into_iter()
            .filter_map(|(b, a)| self.organisation(b.map(|(_, o)| *o), a.map(|(_, o)| *o)))
            .collect();
        let change = BudgetChange {
            id: any.id.clone(),
            title: any.title.clone(),
            status: match (before, after) {
                (None, _) => ChangeStatus::Added,
                (_, None) => ChangeStatus::Removed,
                _ => ChangeStatus::Changed,
            },
            group_before: before.map(|b| group_ref(old_config, &b.group)),
            group_after: after.map(|b| group_ref(new_config, &b.group)),
            organisations,
            material: delta(before, after, |b| b.material),
            total: delta(before, after, |b| b.total),
            causes: causes::of_budget(
                before.map(|b| (old_config, b)),
                after.map(|a| (new_config, a)),
            ),
        };
        let differs =
            change.status != ChangeStatus::Changed || change.moved() || change.figures_changed();
        differs.then_some(change)
    }

    fn organisation(
        &self,
        before: Option<&OrgAmounts>,
        after: Option<&OrgAmounts>,
    ) -> Option<OrgChange> {
        let org = match (after, before) {
            (Some(a), _) => &self.after.0.organisations[a.org],
            (None, Some(b)) => &self.before.0.organisations[b.org],
            (None, None) => return None,
        };
        let no_lines = Vec::new();
        let lines = union(
            after.map_or(&no_lines, |o| &o.lines),
            before.map_or(&no_lines, |o| &o.lines),
            |l| l.role.clone(),
        )
        .into_iter()
        .map(|(b, a)| LineChange {
            role: a.or(b).map(|l| l.role.clone()).unwrap_or_default(),
            charge: charge(b.map(|l| &l.charge), a.map(|l| &l.charge)),
        })
        .collect();
        Some(OrgChange {
            id: org.id.clone(),
            name: org.name.clone(),
            lines,
            hours: delta(before, after, |o| o.hours),
            staff: charge(before.map(|o| &o.staff), after.map(|o| &o.staff)),
            overhead: charge(before.map(|o| &o.overhead), after.map(|o| &o.overhead)),
            total: delta(before, after, |o| o.total),
        })
    }

    /// Every rate of every card that differs, with its effect on each
    /// budget that uses it.
    fn rates(&self) -> Vec<RateChange> {
        let (old_config, new_config) = (self.before.0, self.after.0);
        let mut out = Vec::new();
        for (b, a) in union(&new_config.organisations, &old_config.organisations, |o| {
            o.id.clone()
        }) {
            let Some(org) = a.or(b) else { continue };
            let no_roles = Vec::new();
            let roles = union(
                a.map_or(&no_roles, |o| &o.rates.roles),
                b.map_or(&no_roles, |o| &o.rates.roles),
                |(role, _)| role.clone(),
            );
            let mut kinds: Vec<(RateKind, Delta)> = roles
                .into_iter()
                .map(|(rb, ra)| {
                    let role = ra.or(rb).map(|(r, _)| r.clone()).unwrap_or_default();
                    (RateKind::Role(role), delta(rb, ra, |(_, r)| *r))
                })
                .collect();
            kinds.push((RateKind::Staff, delta(b, a, |o| o.staff_rate)));
            kinds.push((RateKind::Overhead, delta(b, a, |o| o.overhead_rate)));
            for (kind, rate) in kinds.into_iter().filter(|(_, rate)| rate.changed()) {
                let effects = match (b, a) {
                    (Some(b), Some(a)) => self.effects(b, a, &kind),
                    _ => Vec::new(),
                };
                out.push(RateChange {
                    org_id: org.id.clone(),
                    org_name: org.name.clone(),
                    kind,
                    rate,
                    effects,
                });
            }
        }
        out
    }

    /// What the change of `kind` on the card of the organisation (`before`
    /// and `after` are its two versions) does to each budget present on
    /// both sides: the rate difference × the hours in the new revision.
    fn effects(
        &self,
        before: &Organisation,
        after: &Organisation,
        kind: &RateKind,
    ) -> Vec<RateEffect> {
        let mut out = Vec::new();
        for (b, a) in union(&self.after.1.budgets, &self.before.1.budgets, |b| {
            b.id.clone()
        }) {
            let (Some(b), Some(a)) = (b, a) else { continue };
            let (Some(ob), Some(oa)) = (
                block(b, self.before.0, &after.id),
                block(a, self.after.0, &after.id),
            ) else {
                continue;
            };
            for (line, rate_before, rate_after, hours) in
                uses(kind, &self.after.0.labels, before, after, ob, oa)
            {
                if hours.is_zero() {
                    continue;
                }
                out.push(RateEffect {
                    budget: a.id.clone(),
                    title: a.title.clone(),
                    line,
                    hours,
                    amount: (rate_after - rate_before) * hours,
                });
            }
        }
        out
    }

    /// Every overview row, keyed by kind and id.
    fn groups(&self) -> Vec<GroupChange> {
        let key = |g: &crate::compile::budget::GroupTotal| (g.kind, g.id.clone());
        union(&self.after.1.groups, &self.before.1.groups, key)
            .into_iter()
            .filter_map(|(b, a)| {
                let any = a.or(b)?;
                Some(GroupChange {
                    id: any.id.clone(),
                    kind: any.kind,
                    label: any.label.clone(),
                    material: delta(b, a, |g| g.material),
                    total: delta(b, a, |g| g.total),
                })
            })
            .collect()
    }

    /// The programme total of each organisation, keyed by id.
    fn organisation_totals(&self) -> Vec<OrgTotal> {
        let (old_config, new_config) = (self.before.0, self.after.0);
        let total = |config: &Config, programme: &Programme, id: &str| {
            let i = config.organisations.iter().position(|o| o.id == id)?;
            programme.per_org.get(i).copied()
        };
        union(&new_config.organisations, &old_config.organisations, |o| {
            o.id.clone()
        })
        .into_iter()
        .filter_map(|(b, a)| {
            let org = a.or(b)?;
            Some(OrgTotal {
                id: org.id.clone(),
                name: org.name.clone(),
                total: Delta {
                    before: total(old_config, self.before.1, &org.id),
                    after: total(new_config, self.after.1, &org.id),
                },
            })
        })
        .collect()
    }
}

/// The block of the organisation with id `org` in `budget`.
fn block<'a>(budget: &'a ComputedBudget, config: &Config, org: &str) -> Option<&'a OrgAmounts> {
    budget
        .organisations
        .iter()
        .find(|o| config.organisations[o.org].id == org)
}

/// The lines of an organisation's block (`ob` before, `oa` after) that use
/// the rate `kind` of its card (`before`, `after`): each line's name, the
/// rate before and after, and the hours it applies to now.
///
/// Stafkosten and Overhead apply to all the block's hours. A role line uses
/// a card rate when it had that role's rate before and has its new rate
/// after, and is that role or (an alias, `as:`) a role on neither card. A
/// line with a rate of its own does not follow the card, so it is not
/// counted, even when its own rate changed as the card did (its change is
/// an own-rate cause, see [`super::causes`]).
fn uses(
    kind: &RateKind,
    labels: &Labels,
    before: &Organisation,
    after: &Organisation,
    ob: &OrgAmounts,
    oa: &OrgAmounts,
) -> Vec<(String, Decimal, Decimal, Decimal)> {
    let label = kind.label(labels).to_owned();
    let role = match kind {
        RateKind::Staff => return vec![(label, ob.staff.rate, oa.staff.rate, oa.hours)],
        RateKind::Overhead => return vec![(label, ob.overhead.rate, oa.overhead.rate, oa.hours)],
        RateKind::Role(role) => role,
    };
    let (Some(card_before), Some(card_after)) = (before.rates.rate(role), after.rates.rate(role))
    else {
        return Vec::new();
    };
    let on_a_card =
        |name: &str| before.rates.rate(name).is_some() || after.rates.rate(name).is_some();
    oa.lines
        .iter()
        .filter(|la| !la.own_rate())
        .filter(|la| la.role == *role || !on_a_card(&la.role))
        .filter(|la| {
            ob.lines
                .iter()
                .any(|lb| lb.role == la.role && lb.charge.rate == card_before)
                && la.charge.rate == card_after
        })
        .map(|la| (la.role.clone(), card_before, card_after, la.charge.hours))
        .collect()
}

/// A budget's theme or function with its overview label.
fn group_ref(config: &Config, group: &Group) -> GroupRef {
    match group {
        Group::Theme(id) => GroupRef {
            id: id.clone(),
            kind: GroupKind::Theme,
            label: config.theme(id).map_or_else(
                || format!("{} {id}", config.labels.theme),
                |(_, t)| t.label.clone(),
            ),
        },
        Group::Function(id) => GroupRef {
            id: id.clone(),
            kind: GroupKind::Function,
            label: config
                .function(id)
                .map_or_else(|| id.clone(), |f| f.label.clone()),
        },
    }
}
