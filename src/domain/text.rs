//! Folding text the way people type it: many Kazakh speakers type on a Russian layout, so
//! ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и (and ё→е) make both spellings compare equal.

/// One letter folded to its Russian look-alike (lowercase input).
pub fn fold_char(c: char) -> char {
    match c {
        'ә' => 'а',
        'ғ' => 'г',
        'қ' => 'к',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        'ё' => 'е',
        c => c,
    }
}

/// Lowercased and folded.
pub fn fold(s: &str) -> String {
    s.to_lowercase().chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn kazakh_letters_fold_to_russian_look_alikes() {
        assert_eq!(super::fold("Халық Кеңесі Ёлка"), "халык кенеси елка");
    }
}
