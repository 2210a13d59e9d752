//! Resolves every component section in the order their references need: the data stores
//! and messaging first, then the workloads that name them in `access:` blocks, then the
//! sections that refer to workloads (load balancers, DNS). Every problem is collected.
//! The network comes after, sized by the endpoints the component registry says they need.

use super::access::{AccessGraph, Consumer, Offered};
use super::{
    cache, connectors, database, dns, file_systems, functions, kubernetes, load_balancers,
    messaging, search, secrets, services, storage, workers,
};
use super::{
    Cache, Connector, Database, Dns, FileSystem, Function, Kubernetes, LoadBalancer, Problems,
    Queue, Search, Secret, Service, Sizing, Storage, Topic, Workers,
};
use crate::spec::{EnvironmentSize, Spec};
use crate::yaml::KeyPath;

/// Every component, resolved; the network comes after, sized by what these need.
pub(super) struct Components {
    pub storage: Option<Storage>,
    pub database: Option<Database>,
    pub search: Option<Search>,
    pub topics: Vec<Topic>,
    pub queues: Vec<Queue>,
    pub services: Vec<Service>,
    pub connectors: Vec<Connector>,
    pub workers: Option<Workers>,
    pub secrets: Vec<Secret>,
    pub functions: Vec<Function>,
    pub load_balancers: Vec<LoadBalancer>,
    pub file_systems: Vec<FileSystem>,
    pub dns: Option<Dns>,
    pub kubernetes: Option<Kubernetes>,
    pub cache: Option<Cache>,
    /// Who may use what, from every `access:` block.
    pub access: AccessGraph,
}

pub(super) fn resolve(
    spec: &Spec,
    sizing: &Sizing,
    size: EnvironmentSize,
    offered: &Offered,
    p: &mut Problems,
) -> Components {
    let storage = storage::resolve(spec, p);
    let database = database::resolve(spec, sizing, p);
    let search = search::resolve(spec, sizing, p);
    let (topics, queues) = messaging::resolve(spec, p);
    let services_and_grants = services::resolve(spec, sizing, offered, p);
    let connectors = connectors::resolve(spec, p);
    let workers = workers::resolve(spec, p);
    let secrets = secrets::resolve(spec, p);
    let functions_and_grants = functions::resolve(spec, size, offered, p);
    let access = AccessGraph::new(
        services_and_grants
            .iter()
            .map(|(s, g)| (Consumer::Service(s.name.clone()), g))
            .chain(
                functions_and_grants
                    .iter()
                    .map(|(f, g)| (Consumer::Function(f.name.clone()), g)),
            ),
    );
    let services: Vec<Service> = services_and_grants.into_iter().map(|(s, _)| s).collect();
    let functions: Vec<Function> = functions_and_grants.into_iter().map(|(f, _)| f).collect();
    let load_balancers = load_balancers::resolve(spec, &services, p);
    if !load_balancers.is_empty() && storage.is_none() {
        p.error(
            "spec/load-balancer",
            &KeyPath::root().key("load_balancers"),
            "load balancers write access logs to the environment's log bucket: declare a `storage` section",
        );
    }
    let dns = dns::resolve(spec, &load_balancers, p);
    let file_systems = file_systems::resolve(spec, sizing, p);
    let kubernetes = kubernetes::resolve(spec, size, p);
    let cache = cache::resolve(spec, size, p);
    Components {
        storage,
        database,
        search,
        topics,
        queues,
        services,
        connectors,
        workers,
        secrets,
        functions,
        load_balancers,
        file_systems,
        dns,
        kubernetes,
        cache,
        access,
    }
}
