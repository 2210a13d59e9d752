//! Markdown reports for people (pull-request comments), rendered with minijinja from the
//! templates in `templates/`, embedded at build time.

use std::sync::OnceLock;

use minijinja::Environment;
use serde::Serialize;

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        for (name, source) in [
            ("plan.md", include_str!("../templates/plan.md.j2")),
            (
                "check-network.md",
                include_str!("../templates/check-network.md.j2"),
            ),
        ] {
            env.add_template(name, source)
                .expect("templates/ are checked by the test suite");
        }
        env
    })
}

/// Renders the report template `name` (`plan.md`) with `context`.
pub fn render(name: &str, context: impl Serialize) -> Result<String, minijinja::Error> {
    let template = environment().get_template(name)?;
    let mut text = template.render(context)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
