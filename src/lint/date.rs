//! Calendar days, for rules that depend on the date (a Lambda runtime's block dates). The
//! day a run judges by is an input (`Options::today`), so tests pin it; a plain count of
//! days keeps the arithmetic exact without a date library.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A day of the proleptic Gregorian calendar, as days since 1970-01-01 (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(i64);

/// A date that is not `YYYY-MM-DD` or not a day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date (YYYY-MM-DD)")]
pub struct DateError(pub String);

impl Day {
    /// Today in UTC, from the system clock.
    pub fn today() -> Day {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Day(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Days from `self` until `later` (negative when `later` is earlier).
    pub fn until(self, later: Day) -> i64 {
        later.0 - self.0
    }

    /// Year, month (1-12), day (1-31). The civil-from-days algorithm: eras of 400 years
    /// (146,097 days) starting on 1 March, so the leap day falls at the end of a year.
    fn civil(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// The inverse of [`Day::civil`].
    fn from_civil(y: i64, m: i64, d: i64) -> Day {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }
}

impl std::str::FromStr for Day {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Day, DateError> {
        let bad = || DateError(text.to_owned());
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let number = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let (y, m, d) = (number(y)?, number(m)?, number(d)?);
        let day = Day::from_civil(y, m, d);
        // Out-of-range months or days (2025-02-30) do not survive the round trip.
        if !(1..=12).contains(&m) || day.civil() != (y, m, d) {
            return Err(bad());
        }
        Ok(day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn dates_round_trip_and_count_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2027-02-01",
            "2100-03-01",
        ] {
            assert_eq!(day(s).to_string(), s);
        }
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2026-12-02").until(day("2027-02-01")), 61);
        assert_eq!(day("2024-02-28").until(day("2024-03-01")), 2);
        assert!(Day::today() > day("2024-01-01"));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for s in [
            "2025-02-30",
            "2025-13-01",
            "2025-1-01",
            "25-01-01",
            "2025-01-01-",
            "today",
        ] {
            assert!(s.parse::<Day>().is_err(), "{s}");
        }
    }
}
