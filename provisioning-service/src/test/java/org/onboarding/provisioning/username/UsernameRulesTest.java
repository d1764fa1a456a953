package org.onboarding.provisioning.username;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Usernames" rules, the contract's examples first. */
class UsernameRulesTest {

    private static String first(String firstname, String lastname, String email) {
        return UsernameRules.withCounter(UsernameRules.base(firstname, lastname, email).orElseThrow(), 1);
    }

    @Test
    void contractExamples() {
        assertEquals("elodie.dupre-martin001", first("Élodie", "Dupré-Martin", null));
        assertEquals("elodie.dupre-martin002", UsernameRules.withCounter("elodie.dupre-martin", 2));
        assertEquals("zoe.oeuvray001", first("Zoë", "Œuvray", null));
        assertEquals("jean-pierre.ndiaye001", first("Jean Pierre", "N'Diaye", null));
        assertEquals("anne-sophie.de-la-fontaine001", first("Anne-Sophie", "De La Fontaine", null));
        assertEquals("m.fall001", first("", "", "m.fall@ecole.sn"));
    }

    @Test
    void ligaturesApostrophesAndSpaces() {
        assertEquals("aegir.strauss001", first("Ægir", "Strauß", null));
        assertEquals("soren.lkasiewicz001", first("Søren", "Łkasiewicz", null));
        assertEquals("dartagnan.doe001", first("D’Artagnan", "Doe", null));          // typographic apostrophe
        assertEquals("jean-pierre.o-neil001", first("  Jean   -  Pierre ", "O - Neil", null));
        assertEquals("francois.thorsson001", first("François", "Þorsson", null));
        assertEquals("marie.st-john001", first("Marie!", "St. John", null));
    }

    @Test
    void lowerCasingIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertEquals("ilkay.isik001", first("ILKAY", "IŞIK", null));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void otherScriptsAreTransliterated() {
        assertEquals("ivan.petrov001", first("Иван", "Петров", null));
    }

    @Test
    void emailIsTheFallbackWhenANameLeavesNothing() {
        assertEquals("awa.diop001", first("Awa", "???", "Awa_Diop+school@ecole.sn"));
        assertEquals(Optional.empty(), UsernameRules.base("!!!", "", null));
        assertEquals(Optional.empty(), UsernameRules.base(null, null, "@nothing"));
    }

    @Test
    void longNamesAreCutSoThatTheCounterFits() {
        String base = UsernameRules.base("Maximilienne-Alexandrine-Bernadette", "De La Rochefoucauld-Montmorency-Laval",
                null).orElseThrow();
        String name = UsernameRules.withCounter(base, 1);
        assertTrue(name.length() <= UsernameRules.MAX_LENGTH, name);
        assertTrue(!base.endsWith("-") && !base.endsWith("."), base);
        assertEquals("x.y1000", UsernameRules.withCounter("x.y", 1000));
    }
}
