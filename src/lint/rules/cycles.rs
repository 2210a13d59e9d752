//! Dependency cycles between resources, through Ref, Fn::GetAtt, Fn::Sub and DependsOn.
//! CloudFormation refuses such a template ("Circular dependency between resources") only
//! when it is submitted; naming the cycle tells the author which edge to cut.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::Severity::Error;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{Index, Template};
use crate::lint::walk::Reference;
use crate::yaml::KeyPath;

/// Resources that wait for each other, directly or through others.
pub const PC2020: RuleDoc = RuleDoc {
    id: "PC2020",
    severity: Error,
    summary: "circular dependency between resources",
    help: "",
};

pub const RULES: &[RuleDoc] = &[PC2020];

/// Finds every strongly connected group of resources (Tarjan, iterative, linear in the
/// number of references) and reports one cycle through each.
pub fn check(template: &Template, index: &Index, refs: &[Reference], out: &mut Findings) {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in refs {
        if let Some(from) = r.from {
            if let Some((to, _)) = index.resources.get_key_value(r.target.as_str()) {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    for group in strongly_connected(&edges) {
        let start = group[0];
        let self_loop = edges.get(start).is_some_and(|e| e.contains(start));
        if group.len() == 1 && !self_loop {
            continue;
        }
        let members: BTreeSet<&str> = group.iter().copied().collect();
        let cycle = cycle_through(start, &members, &edges);
        let path = KeyPath::root().key("Resources").key(start);
        let pos = template.root.locate(&path);
        out.push(
            &PC2020,
            pos,
            &path,
            format!("circular dependency: {}", cycle.join(" -> ")),
        );
    }
}

/// The strongly connected components, each sorted, in a deterministic order.
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut groups = Vec::new();
    let empty = BTreeSet::new();
    for &root in edges.keys() {
        if index_of.contains_key(root) {
            continue;
        }
        // Each frame: a node and the iterator over its successors still to visit.
        let mut work: Vec<(&str, std::collections::btree_set::Iter<&str>)> = Vec::new();
        let enter = |n: &'a str,
                     index_of: &mut HashMap<&'a str, usize>,
                     low: &mut HashMap<&'a str, usize>| {
            let i = index_of.len();
            index_of.insert(n, i);
            low.insert(n, i);
        };
        enter(root, &mut index_of, &mut low);
        stack.push(root);
        on_stack.insert(root);
        work.push((root, edges.get(root).unwrap_or(&empty).iter()));
        while let Some((node, successors)) = work.last_mut() {
            let node = *node;
            if let Some(&next) = successors.next() {
                if !index_of.contains_key(next) {
                    enter(next, &mut index_of, &mut low);
                    stack.push(next);
                    on_stack.insert(next);
                    work.push((next, edges.get(next).unwrap_or(&empty).iter()));
                } else if on_stack.contains(next) {
                    let l = low[node].min(index_of[next]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _)) = work.last() {
                let l = low[*parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index_of[node] {
                let mut group = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    group.push(member);
                    if member == node {
                        break;
                    }
                }
                group.sort_unstable();
                groups.push(group);
            }
        }
    }
    groups.sort();
    groups
}

/// A shortest path from `start` back to itself inside `members` (breadth first).
fn cycle_through<'a>(
    start: &'a str,
    members: &BTreeSet<&'a str>,
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Vec<&'a str> {
    let mut previous: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in edges.get(node).into_iter().flatten() {
            if !members.contains(next) {
                continue;
            }
            if next == start {
                let mut path = vec![start];
                let mut at = node;
                while at != start {
                    path.push(at);
                    at = previous[at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path;
            }
            if !previous.contains_key(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start, start]
}
