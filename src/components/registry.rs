//! `registry!`: turns the one list of components (bottom of `components/mod.rs`) into
//! everything that must name each of them: the spec's keys ([`Spec`](super::Spec)), the
//! platform's fields ([`Platform`](super::Platform)), the [`REGISTRY`](super::REGISTRY)
//! every stage iterates, and the loops that resolve and render the sections in order.
//!
//! Two kinds of entry, in registry order (the order reports list demand rows in, and the
//! order sections resolve in, so a section may read the ones before it):
//! - `core folder::Component,`: a component without a spec key of its own (the network);
//! - `/// doc` `key: folder::Component,`: a [`Section`](super::Section) under `key`,
//!   whose doc comment becomes the key's description in the JSON Schema.
//!
//! Each entry also declares its folder as a module of `components`.

macro_rules! registry {
    (@collect [$($all:expr,)*] [$($sections:tt)*] core $module:ident :: $ty:ident, $($rest:tt)*) => {
        pub mod $module;
        registry!(@collect [$($all,)* &$module::$ty,] [$($sections)*] $($rest)*);
    };
    (@collect [$($all:expr,)*] [$($sections:tt)*]
        $(#[$attr:meta])* $field:ident : $module:ident :: $ty:ident, $($rest:tt)*) => {
        pub mod $module;
        registry!(@collect [$($all,)* &$module::$ty,]
            [$($sections)* { $(#[$attr])* $field : $module::$ty, }] $($rest)*);
    };
    (@collect [$($all:expr,)*] [$($sections:tt)*]) => {
        registry!(@emit [$($all,)*] $($sections)*);
    };
    (@emit [$($all:expr,)*] $({ $(#[$attr:meta])* $field:ident : $component:path, })*) => {
        /// Every component, in registry order.
        pub static REGISTRY: &[&dyn Component] = &[$($all),*];

        /// One environment of a data platform: `platformctl synth` turns this into CloudFormation.
        #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Spec {
            /// A base spec this one extends, as a path relative to this file: mappings
            /// merge key by key (this file's values win), lists and other values replace
            /// the base's whole, and `key: null` drops a base's section. A base may extend
            /// another (at most 8 deep).
            #[serde(default)]
            pub extends: Option<String>,
            /// Environment name, used in stack and resource names: `[a-z][a-z0-9-]{1,30}`.
            pub name: String,
            /// Default region; `plan --region` overrides it. One of the six supported regions.
            pub region: String,
            /// Sizes every component that does not say otherwise, and the network it needs.
            pub environment_size: EnvironmentSize,
            /// Tags applied to every taggable resource.
            #[serde(default)]
            pub tags: BTreeMap<String, String>,
            /// The VPC. Required when a declared section runs in it (services, functions,
            /// the database, ...); an environment of connectors, buckets and messaging
            /// alone needs none and gets no network stack.
            #[serde(default)]
            pub network: Option<NetworkSpec>,
            /// Prepare the environment for deletion: deletion protection off everywhere,
            /// and stores with network interfaces in the VPC set to leave nothing behind
            /// that holds its subnets (see the README's Teardown section). Default false.
            #[serde(default)]
            pub teardown: bool,
            $(
                $(#[$attr])*
                #[serde(default)]
                pub $field: <$component as Section>::Spec,
            )*
        }

        /// Every section of a platform, resolved.
        #[derive(Debug, Clone, Default)]
        pub struct Sections {
            $(pub $field: <$component as Section>::Model,)*
        }

        /// A platform environment, ready to check and render: its core (name, region,
        /// size, tags, network), which it dereferences to, and every section.
        #[derive(Debug, Clone)]
        pub struct Platform {
            pub env: Environment,
            $(pub $field: <$component as Section>::Model,)*
            /// Who may use what: every `access:` block as edges.
            pub access: AccessGraph,
        }

        impl Sections {
            /// Resolves every section in registry order.
            fn resolve(cx: &mut Resolve<'_, '_>) -> Sections {
                let mut done = Sections::default();
                $(done.$field = <$component as Section>::resolve(cx, &done);)*
                done
            }

            /// Every workload and its grants, for the access graph.
            fn consumers(&self) -> Vec<(Consumer, &Grants)> {
                let mut all = Vec::new();
                $(all.extend(<$component as Section>::consumers(&self.$field));)*
                all
            }

            /// The platform of `env` and these sections.
            fn into_platform(self, env: Environment) -> Platform {
                let access = AccessGraph::new(self.consumers());
                Platform { env, $($field: self.$field,)* access }
            }
        }

        impl Platform {
            /// Renders the sections of `stack` that the platform declares, in registry order.
            fn render_sections(&self, stack: Stack, s: &mut StackBuilder, up: &mut Upstream) {
                $(
                    if Component::stack(&$component) == stack && Component::declared(&$component, self) {
                        <$component as Section>::render(&self.$field, &mut Render { platform: self, s, up });
                    }
                )*
            }
        }
    };
    // The entry point: the list as written.
    ($($body:tt)*) => {
        registry!(@collect [] [] $($body)*);
    };
}
