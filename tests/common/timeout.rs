//! How long tests wait, multiplied by `CAREPATH_TEST_TIMEOUT_SCALE` for slow machines.

#![allow(dead_code)]

use std::time::Duration;

/// The environment variable that multiplies every deadline a test waits by.
pub const SCALE_ENV: &str = "CAREPATH_TEST_TIMEOUT_SCALE";

/// `d` times `CAREPATH_TEST_TIMEOUT_SCALE`; panics, naming the variable, if it is set but
/// not a positive decimal number.
pub fn scaled(d: Duration) -> Duration {
    d.mul_f64(scale())
}

/// The factor: 1 when the variable is unset or empty.
fn scale() -> f64 {
    let Some(value) = std::env::var_os(SCALE_ENV) else {
        return 1.0;
    };
    let text = value.to_str().unwrap_or_else(|| {
        panic!("{SCALE_ENV}={value:?} is not a positive decimal number such as 2.5")
    });
    if text.trim().is_empty() {
        return 1.0;
    }
    match text.trim().parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => scale,
        _ => panic!("{SCALE_ENV}={text:?} is not a positive decimal number such as 2.5"),
    }
}
