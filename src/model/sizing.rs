//! What each EnvironmentSize means in resources: the one table the model sizes from.
//!
//! Figures are this project's defaults for a data platform of that size; any of them can
//! be overridden in the spec. The network demand model reads the same table.

use crate::spec::EnvironmentSize;

/// Defaults for one environment size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizing {
    pub db_instance_class: &'static str,
    pub db_storage_gb: u32,
    /// Multi-AZ keeps a standby in a second AZ; below Medium the cost outweighs it.
    pub db_multi_az: bool,
    pub db_backup_retention_days: u8,
    pub search_instance_type: &'static str,
    pub search_data_nodes: u8,
    pub search_volume_gb: u32,
    /// Three dedicated cluster-manager nodes keep the domain stable under load.
    pub search_master_instance_type: &'static str,
    pub service_desired_count: u16,
    /// A service's default scaling maximum is its minimum times this: bigger platforms see
    /// bigger bursts of users and uploads.
    pub service_scaling_factor: u16,
    /// Concurrent data-pipeline Fargate tasks at peak: the platform's main IP consumer.
    pub pipeline_tasks_peak: u32,
    /// An API stage's steady-state requests per second, and the burst above it: well
    /// under the account's default regional quota (10,000 and 5,000), which every API of
    /// the account and region shares (API Gateway Developer Guide, "Throttle requests to
    /// your REST APIs for better throughput").
    pub api_rate_limit: u32,
    pub api_burst_limit: u32,
}

/// The table, one row per size.
pub fn sizing(size: EnvironmentSize) -> Sizing {
    match size {
        EnvironmentSize::Small => Sizing {
            db_instance_class: "db.t4g.large",
            db_storage_gb: 100,
            db_multi_az: false,
            db_backup_retention_days: 7,
            search_instance_type: "m6g.large.search",
            search_data_nodes: 2,
            search_volume_gb: 100,
            search_master_instance_type: "m6g.large.search",
            service_desired_count: 1,
            service_scaling_factor: 2,
            pipeline_tasks_peak: 100,
            api_rate_limit: 50,
            api_burst_limit: 100,
        },
        EnvironmentSize::Medium => Sizing {
            db_instance_class: "db.m6g.large",
            db_storage_gb: 200,
            db_multi_az: true,
            db_backup_retention_days: 14,
            search_instance_type: "r6g.large.search",
            search_data_nodes: 2,
            search_volume_gb: 200,
            search_master_instance_type: "m6g.large.search",
            service_desired_count: 2,
            service_scaling_factor: 3,
            pipeline_tasks_peak: 300,
            api_rate_limit: 100,
            api_burst_limit: 200,
        },
        EnvironmentSize::Large => Sizing {
            db_instance_class: "db.m6g.xlarge",
            db_storage_gb: 500,
            db_multi_az: true,
            db_backup_retention_days: 30,
            search_instance_type: "r6g.xlarge.search",
            search_data_nodes: 3,
            search_volume_gb: 500,
            search_master_instance_type: "m6g.large.search",
            service_desired_count: 3,
            service_scaling_factor: 4,
            pipeline_tasks_peak: 1200,
            api_rate_limit: 500,
            api_burst_limit: 1000,
        },
        EnvironmentSize::XLarge => Sizing {
            db_instance_class: "db.m6g.2xlarge",
            db_storage_gb: 1000,
            db_multi_az: true,
            db_backup_retention_days: 35,
            search_instance_type: "r6g.2xlarge.search",
            search_data_nodes: 6,
            search_volume_gb: 1000,
            search_master_instance_type: "r6g.large.search",
            service_desired_count: 4,
            service_scaling_factor: 4,
            pipeline_tasks_peak: 2400,
            api_rate_limit: 1000,
            api_burst_limit: 2000,
        },
    }
}
