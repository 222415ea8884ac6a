//! Arbitrary-precision signed integers for exact math results.
//!
//! Values travel in JSON as decimal strings (`{"value": "2821109907456"}`) because JSON numbers lose
//! precision past 2^53 in many parsers and past 2^63 in most. Limbs are base 10^9, least significant
//! first; multiplication is the schoolbook algorithm (Knuth, TAOCP vol. 2, §4.3.1, Algorithm M).

use serde_json::Value;
use std::fmt;

const BASE: u64 = 1_000_000_000;
const BASE_DIGITS: usize = 9;

/// A signed integer of any size. Zero is never negative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigInt {
    negative: bool,
    limbs: Vec<u32>,
}

impl BigInt {
    /// Parses `-?[0-9]+`; returns `None` for anything else (empty, `+`, spaces, decimals, exponents).
    pub fn parse(text: &str) -> Option<BigInt> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let bytes = digits.as_bytes();
        let mut limbs = Vec::with_capacity(bytes.len() / BASE_DIGITS + 1);
        let mut end = bytes.len();
        while end > 0 {
            let start = end.saturating_sub(BASE_DIGITS);
            let chunk = std::str::from_utf8(&bytes[start..end]).ok()?;
            limbs.push(chunk.parse::<u32>().ok()?);
            end = start;
        }
        Some(BigInt { negative, limbs }.normalized())
    }

    /// Reads an integer from a JSON string of digits or a JSON integer number of any size.
    pub fn from_json(value: &Value) -> Option<BigInt> {
        match value {
            Value::String(s) => BigInt::parse(s),
            // With serde_json's arbitrary_precision, to_string() gives the number's exact text.
            Value::Number(n) => BigInt::parse(&n.to_string()),
            _ => None,
        }
    }

    /// The exact product `self * other`.
    pub fn mul(&self, other: &BigInt) -> BigInt {
        let mut acc = vec![0u64; self.limbs.len() + other.limbs.len()];
        for (i, &a) in self.limbs.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.limbs.iter().enumerate() {
                let t = acc[i + j] + (a as u64) * (b as u64) + carry;
                acc[i + j] = t % BASE;
                carry = t / BASE;
            }
            let mut k = i + other.limbs.len();
            while carry > 0 {
                let t = acc[k] + carry;
                acc[k] = t % BASE;
                carry = t / BASE;
                k += 1;
            }
        }
        BigInt {
            negative: self.negative != other.negative,
            limbs: acc.into_iter().map(|l| l as u32).collect(),
        }
        .normalized()
    }

    fn normalized(mut self) -> BigInt {
        while self.limbs.len() > 1 && *self.limbs.last().unwrap() == 0 {
            self.limbs.pop();
        }
        if self.limbs.is_empty() {
            self.limbs.push(0);
        }
        if self.limbs == [0] {
            self.negative = false;
        }
        self
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        let mut limbs = self.limbs.iter().rev();
        write!(f, "{}", limbs.next().unwrap_or(&0))?;
        for limb in limbs {
            write!(f, "{:09}", limb)?;
        }
        Ok(())
    }
}
