//! An outcome resolved against the pathway's tables: route, facility, coverage, flags,
//! evidence and the trace of answers that led there; and its JSON form.

pub mod projection;

use serde::Serialize;

use crate::pathway::condition::{AnswerMap, Answers};
use crate::pathway::{
    Alongside, CoverageRow, Evidence, FACILITY_KEYS, Flag, Lang, OutcomeNode, Pathway, Question,
    Region, RequirementKind, Source, Text,
};

/// Where the answers lead, with everything a front end shows about it.
#[derive(Debug, Clone)]
pub struct Outcome<'p> {
    pub node: &'p OutcomeNode,
    /// Routes offered alongside the main one.
    pub also: Vec<&'p Alongside>,
    /// The person's province or territory, once answered.
    pub region: Option<&'p Region>,
    /// The facility requirement, for outcomes that need one.
    pub facility: Option<Facility<'p>>,
    /// Coverage programs, one per coverage answer.
    pub coverage: Vec<(String, &'p CoverageRow)>,
    pub flags: Vec<&'p Flag>,
    /// The outcome's `safety_if` points whose condition holds, then its `safety` points.
    pub safety: Vec<&'p Text>,
    /// The outcome's `staff_detail_if` whose condition holds, then its `staff_detail`.
    pub staff_detail: Vec<&'p Text>,
    pub evidence: Option<&'p Evidence>,
    pub trace: Vec<TraceStep>,
}

/// The requirement a region states for the kind the answers choose.
#[derive(Debug, Clone, Copy)]
pub struct Facility<'p> {
    pub region: &'p Region,
    /// The kind of requirement that applies.
    pub kind: &'p RequirementKind,
    pub requirement: &'p Text,
}

impl<'p> Facility<'p> {
    /// The region's kind of facility in a few words, where the kind of requirement uses it.
    pub fn facility_type(&self, lang: Lang) -> Option<&'p str> {
        Some(self.region.facility_type.get(lang))
            .filter(|t| self.kind.uses_facility_type && !t.is_empty())
    }
}

/// One answered question on the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceStep {
    pub question: String,
    pub answers: Vec<String>,
}

impl<'p> Outcome<'p> {
    /// Looks up everything an outcome shows, from the answers on its path.
    pub fn resolve(
        p: &'p Pathway,
        node: &'p OutcomeNode,
        history: &[&'p Question],
        answers: &AnswerMap,
    ) -> Self {
        // Only the answers on the path count: an answer the path never asked changes nothing.
        let on_path: AnswerMap = history
            .iter()
            .filter_map(|q| answers.get(&q.id).map(|a| (q.id.clone(), a.clone())))
            .collect();
        let answers = &on_path;
        let trace = history
            .iter()
            .map(|q| TraceStep {
                question: q.id.clone(),
                answers: answers.chosen(&q.id).unwrap_or_default().to_vec(),
            })
            .collect();
        Outcome::resolve_with(p, node, answers, trace)
    }

    /// Looks up everything an outcome shows from `answers`, which must hold only the answers
    /// on its path, with `trace` as given: for callers that keep those answers as they go
    /// (`diff` compares results on hundreds of thousands of paths, and building the answers
    /// and the trace again for each made it grow with the paths' length).
    pub fn resolve_with(
        p: &'p Pathway,
        node: &'p OutcomeNode,
        answers: &impl Answers,
        trace: Vec<TraceStep>,
    ) -> Self {
        let region = Outcome::region_of(p, answers);
        let facility = Outcome::facility_of(p, node, region, answers);
        let also = Outcome::also_of(p, node, answers);
        let coverage = Outcome::coverage_of(p, region, answers);
        let flags = Outcome::flags_of(p, answers);
        let safety = holding(&node.safety_if, &node.safety, answers);
        let staff_detail = holding(&node.staff_detail_if, &node.staff_detail, answers);
        let evidence = answers
            .chosen(&p.evidence.question)
            .and_then(|a| a.first())
            .and_then(|o| p.evidence.rows.iter().find(|e| &e.option == o));
        Outcome {
            node,
            also,
            region,
            facility,
            coverage,
            flags,
            safety,
            staff_detail,
            evidence,
            trace,
        }
    }

    /// The person's region, from the region question's answer. Each part of an outcome is
    /// looked up on its own, so `diff` can compare one part on just the answers it reads.
    pub(crate) fn region_of(p: &'p Pathway, answers: &impl Answers) -> Option<&'p Region> {
        answers
            .chosen(&p.regions.question)
            .and_then(|a| a.first())
            .and_then(|r| p.region(r))
    }

    /// The requirement `region` states for the kind the answers choose, if `node` needs one.
    pub(crate) fn facility_of(
        p: &'p Pathway,
        node: &'p OutcomeNode,
        region: Option<&'p Region>,
        answers: &impl Answers,
    ) -> Option<Facility<'p>> {
        let region = region.filter(|_| node.facility)?;
        let kind = p.regions.kind_for(answers)?;
        Some(Facility {
            region,
            kind,
            requirement: region.requirement(&kind.id)?,
        })
    }

    /// The routes offered alongside `node`'s whose condition holds.
    pub(crate) fn also_of(
        p: &'p Pathway,
        node: &'p OutcomeNode,
        answers: &impl Answers,
    ) -> Vec<&'p Alongside> {
        p.alongside
            .iter()
            .filter(|a| {
                !a.except_routes.contains(&node.route)
                    && a.route != node.route
                    && a.when.holds(answers)
            })
            .collect()
    }

    /// The coverage rows of the coverage answers in `region`, in the question's order.
    pub(crate) fn coverage_of(
        p: &'p Pathway,
        region: Option<&'p Region>,
        answers: &impl Answers,
    ) -> Vec<(String, &'p CoverageRow)> {
        match (answers.chosen(&p.coverage.question), region) {
            (Some(chosen), Some(region)) => p
                .question(&p.coverage.question)
                .map(|q| {
                    q.options
                        .iter()
                        .filter(|o| chosen.contains(&o.id))
                        .filter_map(|o| {
                            p.coverage
                                .rows
                                .iter()
                                .find(|r| {
                                    r.answer == o.id
                                        && (r.regions.is_empty() || r.regions.contains(&region.id))
                                })
                                .map(|r| (o.id.clone(), r))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The flags whose condition holds.
    pub(crate) fn flags_of(p: &'p Pathway, answers: &impl Answers) -> Vec<&'p Flag> {
        p.flags.iter().filter(|f| f.when.holds(answers)).collect()
    }

    /// The raised flags whose text is shown: a flag another raised flag already says
    /// (`said_by`) is left out, so one safety point is never said twice.
    pub fn flags_shown(&self) -> impl Iterator<Item = &'p Flag> + '_ {
        self.flags.iter().copied().filter(|f| {
            f.said_by
                .as_ref()
                .is_none_or(|other| !self.flags.iter().any(|g| &g.id == other))
        })
    }

    /// The coverage note of `row` on this outcome's route.
    pub fn coverage_note(&self, row: &'p CoverageRow) -> &'p Text {
        row.note_for(&self.node.route)
    }

    /// Every source this outcome cites, in first-cited order, without repeats.
    pub fn sources(&self, p: &'p Pathway) -> Vec<&'p Source> {
        let mut ids: Vec<&str> = Vec::new();
        let lists = std::iter::once(&self.node.sources)
            .chain(self.facility.map(|f| &f.region.sources))
            .chain(self.also.iter().map(|a| &a.sources))
            .chain(self.coverage.iter().map(|(_, r)| &r.sources))
            .chain(self.flags.iter().map(|f| &f.sources))
            .chain(self.evidence.map(|e| &e.sources));
        for list in lists {
            for s in list {
                if !ids.contains(&s.as_str()) {
                    ids.push(s);
                }
            }
        }
        ids.into_iter().filter_map(|id| p.source(id)).collect()
    }

    /// The `route --format json` object of the output contract.
    pub fn to_json(&self, p: &Pathway, sha256: &str, lang: Lang) -> RouteJson {
        RouteJson {
            pathway: PathwayRef {
                id: p.id.clone(),
                version: p.version.clone(),
                sha256: sha256.to_string(),
            },
            outcome: self.node.id.clone(),
            route: self.node.route.clone(),
            also: self.also.iter().map(|a| a.route.clone()).collect(),
            referral_to: self.node.referral_to.clone(),
            facility: self.facility.map(|f| FacilityJson {
                province: f.region.id.clone(),
                regulator: f.region.regulator.clone(),
                requirement: f.requirement.get(lang).to_string(),
                kinds: p
                    .regions
                    .requirements
                    .iter()
                    .filter(|k| k.json_flag)
                    .map(|k| (k.id.clone(), k.id == f.kind.id))
                    .collect(),
            }),
            coverage: self
                .coverage
                .iter()
                .map(|(answer, row)| CoverageJson {
                    answer: answer.clone(),
                    program: row.program.clone(),
                    note: self.coverage_note(row).get(lang).to_string(),
                })
                .collect(),
            flags: self.flags.iter().map(|f| f.id.clone()).collect(),
            evidence: self.evidence.map(|e| EvidenceJson {
                indication: e.option.clone(),
                strength: e.strength.clone(),
                sources: e
                    .sources
                    .iter()
                    .filter_map(|s| p.source(s))
                    .map(|s| s.citation(lang))
                    .collect(),
            }),
            trace: self.trace.clone(),
        }
    }
}

/// The JSON object `carepath route --format json` prints (field order is the contract's).
#[derive(Debug, Clone, Serialize)]
pub struct RouteJson {
    pub pathway: PathwayRef,
    pub outcome: String,
    pub route: String,
    pub also: Vec<String>,
    pub referral_to: Option<String>,
    pub facility: Option<FacilityJson>,
    pub coverage: Vec<CoverageJson>,
    pub flags: Vec<String>,
    pub evidence: Option<EvidenceJson>,
    pub trace: Vec<TraceStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathwayRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

/// The facility object: region, regulator, requirement, then a key for each kind of
/// requirement the pathway marks `json_flag`, true when that kind applies.
#[derive(Debug, Clone)]
pub struct FacilityJson {
    pub province: String,
    pub regulator: Option<String>,
    pub requirement: String,
    /// The id of each kind marked `json_flag`, in the pathway's order, and whether it applies.
    pub kinds: Vec<(String, bool)>,
}

impl Serialize for FacilityJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let [province, regulator, requirement] = FACILITY_KEYS;
        let mut map = s.serialize_map(Some(FACILITY_KEYS.len() + self.kinds.len()))?;
        map.serialize_entry(province, &self.province)?;
        map.serialize_entry(regulator, &self.regulator)?;
        map.serialize_entry(requirement, &self.requirement)?;
        for (id, applies) in &self.kinds {
            map.serialize_entry(id, applies)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageJson {
    pub answer: String,
    pub program: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceJson {
    pub indication: String,
    pub strength: String,
    pub sources: Vec<String>,
}

/// The texts of `conditional` whose condition holds for `answers`, then every one of `always`.
fn holding<'p>(
    conditional: &'p [crate::pathway::ConditionalText],
    always: &'p [Text],
    answers: &impl Answers,
) -> Vec<&'p Text> {
    conditional
        .iter()
        .filter(|c| c.when.holds(answers))
        .map(|c| &c.text)
        .chain(always)
        .collect()
}
