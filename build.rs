//! Link flags for the bot's binary.
//!
//! Relative relocations are packed (`DT_RELR`, GNU ld ≥ 2.38 and glibc ≥ 2.36: Debian 12 and
//! later): the loader no longer reads 1.6 MB of relocation entries at every start, which is most
//! of what kept the idle process above 20 MB. The binary stays position-independent.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" && std::env::var_os("ATAZAN_NO_RELR").is_none() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-env-changed=ATAZAN_NO_RELR");
    println!("cargo:rerun-if-changed=build.rs");
}
