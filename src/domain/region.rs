//! The region the bot serves, as data: its names, time zone, the box events must lie in, and its
//! districts with the names imports accept. Read once at start from `REGION_FILE` (TOML; West
//! Kazakhstan's file is built in as the default), so that another region takes the bot without
//! touching code and one explanation pack serves every region.
//!
//! The region is a process-wide vocabulary, like the locales: district ids are parsed in the
//! callback codec, in stored dialogue states and in CSV rows, none of which carry a context, so
//! it lives in one `OnceLock` that [`install`] fills before anything reads it.

use std::{collections::HashMap, fmt, ops::Range, path::Path, sync::OnceLock};

use serde::Deserialize;
use toml::Spanned;

use super::{District, Lang};

/// Where the built-in default comes from (the repo's copy; shown in messages).
pub const DEFAULT_FILE: &str = "regions/west-kazakhstan.toml";
const DEFAULT_TEXT: &str = include_str!("../../regions/west-kazakhstan.toml");

/// The longest district id: it goes into callback data (64 bytes with everything else).
pub const MAX_DISTRICT_ID_LEN: usize = 16;
const MAX_DISTRICTS: usize = 64;

/// A name in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub ru: String,
    pub kk: String,
}

impl Names {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }
}

/// One district (or city) of the region.
#[derive(Debug, Clone)]
pub struct DistrictInfo {
    /// Stable id: stored, in callback data, in the CSV.
    pub id: String,
    pub names: Names,
    /// A city of regional significance rather than a district.
    pub city: bool,
    /// A simplified outline for maps (a box), when the file gives one.
    pub outline: Option<Bounds>,
    /// Folded names, names without «район»/«ауданы», and folded aliases: what imports accept.
    accepted: Vec<String>,
}

/// The coordinate box events must lie in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lat_min: f64,
    pub lat_max: f64,
    pub lon_min: f64,
    pub lon_max: f64,
}

impl Bounds {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.lat_min..=self.lat_max).contains(&lat) && (self.lon_min..=self.lon_max).contains(&lon)
    }
}

impl fmt::Display for Bounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "lat {}–{}, lon {}–{}",
            self.lat_min, self.lat_max, self.lon_min, self.lon_max
        )
    }
}

/// Where a region file's facts come from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// A region, checked.
#[derive(Debug)]
pub struct Region {
    /// Short id (`wko`, `aty`).
    pub id: String,
    pub name: Names,
    pub coalition: Names,
    /// How texts name local time («время Уральска» / «Орал уақыты»).
    pub local_time: Names,
    pub time_zone: chrono_tz::Tz,
    pub bounds: Bounds,
    districts: Vec<DistrictInfo>,
    main_city: usize,
    pub sources: Vec<Source>,
    /// The file it was read from, for messages.
    pub origin: String,
}

/// A problem in a region file: `file:line: what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RegionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: Spanned<String>,
    time_zone: Spanned<String>,
    main_city: Spanned<String>,
    name: RawNames,
    coalition: RawNames,
    local_time: RawNames,
    bounds: Spanned<Bounds>,
    districts: Spanned<Vec<RawDistrict>>,
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNames {
    ru: Spanned<String>,
    kk: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    id: Spanned<String>,
    ru: Spanned<String>,
    kk: Spanned<String>,
    #[serde(default)]
    city: bool,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    /// `[lat_min, lon_min, lat_max, lon_max]`: where the district lies, for the Mini App's map.
    #[serde(default, rename = "box")]
    outline: Option<Spanned<[f64; 4]>>,
}

impl<'de> Deserialize<'de> for Bounds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            lat_min: f64,
            lat_max: f64,
            lon_min: f64,
            lon_max: f64,
        }
        let r = Raw::deserialize(d)?;
        Ok(Self {
            lat_min: r.lat_min,
            lat_max: r.lat_max,
            lon_min: r.lon_min,
            lon_max: r.lon_max,
        })
    }
}

/// Collects problems with the line each byte span starts on.
struct Problems<'a> {
    text: &'a str,
    file: &'a str,
    list: Vec<RegionProblem>,
}

impl Problems<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text[..end].matches('\n').count() + 1
    }

    fn at(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let line = self.line(span);
        self.list.push(RegionProblem {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        });
    }

    fn names(&mut self, raw: RawNames, what: &str) -> Names {
        for (lang, s) in [("ru", &raw.ru), ("kk", &raw.kk)] {
            if s.get_ref().trim().is_empty() {
                self.at(&s.span(), format!("{what}.{lang} is empty"));
            }
        }
        Names {
            ru: raw.ru.into_inner().trim().to_owned(),
            kk: raw.kk.into_inner().trim().to_owned(),
        }
    }
}

fn valid_id(id: &str, max: usize) -> bool {
    !id.is_empty()
        && id.len() <= max
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Region {
    /// Reads and checks the region file at `path`, or the built-in default when `None`.
    pub fn load(path: Option<&Path>) -> Result<Self, Vec<RegionProblem>> {
        let Some(path) = path else {
            return Self::parse(DEFAULT_TEXT, DEFAULT_FILE);
        };
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![RegionProblem {
                file: file.clone(),
                line: 1,
                message: format!("cannot read the region file (REGION_FILE): {e}"),
            }]
        })?;
        Self::parse(&text, &file)
    }

    /// Parses and checks a region file's text; every problem with its line.
    pub fn parse(text: &str, file: &str) -> Result<Self, Vec<RegionProblem>> {
        let mut p = Problems {
            text,
            file,
            list: Vec::new(),
        };
        let raw: RawRegion = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                p.at(&span, e.message().trim().to_owned());
                return Err(p.list);
            }
        };

        if !valid_id(raw.id.get_ref(), 16) {
            p.at(
                &raw.id.span(),
                format!("region id `{}`: use 1–16 of a-z, 0-9, _", raw.id.get_ref()),
            );
        }
        let time_zone = match raw.time_zone.get_ref().parse::<chrono_tz::Tz>() {
            Ok(tz) => tz,
            Err(_) => {
                p.at(
                    &raw.time_zone.span(),
                    format!(
                        "time_zone `{}` is not an IANA time zone (such as Asia/Oral)",
                        raw.time_zone.get_ref()
                    ),
                );
                chrono_tz::UTC
            }
        };
        let name = p.names(raw.name, "name");
        let coalition = p.names(raw.coalition, "coalition");
        let local_time = p.names(raw.local_time, "local_time");

        let b = *raw.bounds.get_ref();
        let lat_ok = (-90.0..=90.0).contains(&b.lat_min) && (-90.0..=90.0).contains(&b.lat_max);
        let lon_ok = (-180.0..=180.0).contains(&b.lon_min) && (-180.0..=180.0).contains(&b.lon_max);
        if !(lat_ok && lon_ok && b.lat_min < b.lat_max && b.lon_min < b.lon_max) {
            p.at(
                &raw.bounds.span(),
                format!("bounds ({b}): need lat_min < lat_max within ±90 and lon_min < lon_max within ±180"),
            );
        }

        let districts_span = raw.districts.span();
        let raw_districts = raw.districts.into_inner();
        if raw_districts.is_empty() || raw_districts.len() > MAX_DISTRICTS {
            p.at(
                &districts_span,
                format!("{} districts: give 1 to {MAX_DISTRICTS}", raw_districts.len()),
            );
        }
        let mut ids: HashMap<String, usize> = HashMap::new();
        // Every accepted spelling → (district, line), so one spelling cannot mean two districts.
        let mut spellings: HashMap<String, (usize, usize)> = HashMap::new();
        let mut districts = Vec::with_capacity(raw_districts.len());
        for (index, d) in raw_districts.into_iter().enumerate() {
            let id = d.id.get_ref().trim().to_owned();
            let id_line = p.line(&d.id.span());
            if !valid_id(&id, MAX_DISTRICT_ID_LEN) {
                p.at(
                    &d.id.span(),
                    format!("district id `{id}`: use 1–{MAX_DISTRICT_ID_LEN} of a-z, 0-9, _"),
                );
            }
            if let Some(first) = ids.insert(id.clone(), id_line) {
                p.at(
                    &d.id.span(),
                    format!("district id `{id}` again (first on line {first})"),
                );
            }
            for (lang, s) in [("ru", &d.ru), ("kk", &d.kk)] {
                if s.get_ref().trim().is_empty() {
                    p.at(&s.span(), format!("district `{id}`: {lang} name is empty"));
                }
            }
            let names = Names {
                ru: d.ru.get_ref().trim().to_owned(),
                kk: d.kk.get_ref().trim().to_owned(),
            };
            let mut accepted = vec![id.clone()];
            let mut spelled = |s: &Spanned<String>, p: &mut Problems| {
                let folded = super::district::fold(s.get_ref());
                if folded.is_empty() {
                    p.at(&s.span(), format!("district `{id}`: an empty name or alias"));
                    return;
                }
                let line = p.line(&s.span());
                for form in [super::district::strip_suffixes(&folded), folded] {
                    if form.is_empty() {
                        continue;
                    }
                    match spellings.get(&form) {
                        Some(&(other, other_line)) if other != index => p.at(
                            &s.span(),
                            format!(
                                "`{}` would mean two districts (also on line {other_line})",
                                s.get_ref()
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            spellings.insert(form.clone(), (index, line));
                        }
                    }
                    accepted.push(form);
                }
            };
            spelled(&d.ru, &mut p);
            spelled(&d.kk, &mut p);
            for alias in &d.aliases {
                spelled(alias, &mut p);
            }
            accepted.sort();
            accepted.dedup();
            let outline = d.outline.and_then(|given| {
                let [lat_min, lon_min, lat_max, lon_max] = *given.get_ref();
                let outline = Bounds {
                    lat_min,
                    lat_max,
                    lon_min,
                    lon_max,
                };
                let inside = b.contains(lat_min, lon_min) && b.contains(lat_max, lon_max);
                if lat_min >= lat_max || lon_min >= lon_max || !inside {
                    p.at(
                        &given.span(),
                        format!(
                            "district `{id}`: box must be [lat_min, lon_min, lat_max, lon_max] inside the region's bounds ({b})"
                        ),
                    );
                    return None;
                }
                Some(outline)
            });
            districts.push(DistrictInfo {
                id,
                names,
                city: d.city,
                outline,
                accepted,
            });
        }
        let main_city = districts
            .iter()
            .position(|d| d.id == *raw.main_city.get_ref())
            .unwrap_or_else(|| {
                p.at(
                    &raw.main_city.span(),
                    format!(
                        "main_city `{}` is not one of the districts' ids",
                        raw.main_city.get_ref()
                    ),
                );
                0
            });
        if !p.list.is_empty() {
            return Err(p.list);
        }
        Ok(Self {
            id: raw.id.into_inner(),
            name,
            coalition,
            local_time,
            time_zone,
            bounds: b,
            districts,
            main_city,
            sources: raw.sources,
            origin: file.to_owned(),
        })
    }

    pub fn districts(&self) -> &[DistrictInfo] {
        &self.districts
    }

    /// The district whose name texts use for local time.
    pub fn main_city(&self) -> &DistrictInfo {
        &self.districts[self.main_city]
    }

    /// The index of the district with this id.
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.districts.iter().position(|d| d.id == id)
    }

    /// The index of the district `folded` names (already folded and stripped by the caller).
    pub(super) fn position_loose(&self, folded: &str, stripped: &str) -> Option<usize> {
        self.districts
            .iter()
            .position(|d| d.accepted.iter().any(|a| a == folded || a == stripped))
    }

    /// `UTC+5`: the zone's offset now.
    pub fn utc_offset(&self) -> String {
        use chrono::Offset;
        let secs = chrono::Utc::now()
            .with_timezone(&self.time_zone)
            .offset()
            .fix()
            .local_minus_utc();
        let (h, m) = (secs / 3600, (secs.abs() % 3600) / 60);
        match m {
            0 => format!("UTC{h:+}"),
            _ => format!("UTC{h:+}:{m:02}"),
        }
    }

    /// One line for logs and `check-content`.
    pub fn summary(&self) -> String {
        format!(
            "{} ({}): {} districts, {} ({}), events within {}",
            self.name.ru,
            self.id,
            self.districts.len(),
            self.time_zone.name(),
            self.utc_offset(),
            self.bounds
        )
    }
}

static CURRENT: OnceLock<Region> = OnceLock::new();

/// The process's region: the installed one, or the built-in default.
pub fn current() -> &'static Region {
    CURRENT.get_or_init(|| {
        Region::parse(DEFAULT_TEXT, DEFAULT_FILE)
            .expect("the built-in region file is valid (a unit test checks it)")
    })
}

/// Makes `region` the process's region. A second, different region in the same process is
/// refused (the first one is what everything already parsed against).
pub fn install(region: Region) -> Result<&'static Region, String> {
    let (id, origin) = (region.id.clone(), region.origin.clone());
    let _ = CURRENT.set(region);
    let current = current();
    if current.id == id {
        Ok(current)
    } else {
        Err(format!(
            "{origin}: region `{id}` cannot replace `{}` ({}) already in use in this process",
            current.id, current.origin
        ))
    }
}

/// Loads the region file at `path` (the default when `None`) and installs it; problems as lines.
pub fn install_from(path: Option<&Path>) -> Result<&'static Region, Vec<String>> {
    let region = Region::load(path).map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    install(region).map_err(|e| vec![e])
}

impl District {
    /// The district texts use for local time (the regional centre).
    pub fn main_city() -> Self {
        Self(current().main_city as u8)
    }

    /// The district at `index` of the current region.
    pub(super) fn info(self) -> &'static DistrictInfo {
        &current().districts[self.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_is_the_repos_west_kazakhstan_and_valid() {
        let r = Region::parse(DEFAULT_TEXT, DEFAULT_FILE).unwrap();
        assert_eq!(r.id, "wko");
        assert_eq!(r.districts().len(), 13);
        assert_eq!(r.main_city().id, "uralsk");
        assert_eq!(r.time_zone, chrono_tz::Asia::Oral);
        assert_eq!(r.utc_offset(), "UTC+5");
        let on_disk = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/",
            "regions/west-kazakhstan.toml"
        ));
        assert_eq!(on_disk.unwrap(), DEFAULT_TEXT);
    }

    #[test]
    fn the_example_region_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/regions/atyrau.toml");
        let r = Region::load(Some(&path)).unwrap();
        assert_eq!((r.id.as_str(), r.districts().len()), ("aty", 8));
        assert_eq!(r.time_zone, chrono_tz::Asia::Atyrau);
    }

    #[test]
    fn problems_carry_lines() {
        let text = DEFAULT_TEXT
            .replacen("main_city = \"uralsk\"", "main_city = \"oral\"", 1)
            .replacen("lat_min = 46.0", "lat_min = 60.0", 1);
        let problems = Region::parse(&text, "r.toml").unwrap_err();
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert!(
            problems
                .iter()
                .any(|p| p.line == line_of("main_city") && p.message.contains("`oral`")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.message.contains("bounds")),
            "{problems:?}"
        );

        let text = DEFAULT_TEXT.replacen("aliases = [\"сырым\"]", "aliases = [\"сырым\", \"Аксай\"]", 1);
        let problems = Region::parse(&text, "r.toml").unwrap_err();
        assert!(
            problems.iter().any(|p| p.message.contains("two districts")),
            "an alias of Burlin given to Syrym: {problems:?}"
        );

        let problems = Region::parse("id = \"x\"\ntime_zone = 5\n", "r.toml").unwrap_err();
        assert_eq!(problems[0].line, 2, "{problems:?}");
    }
}
