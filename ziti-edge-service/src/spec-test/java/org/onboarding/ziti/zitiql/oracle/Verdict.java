package org.onboarding.ziti.zitiql.oracle;

/** What one parser made of one filter: a canonical tree, a syntax error, or (upstream only) a deliberate restriction. */
record Verdict(Kind kind, Sexp tree, String detail) {

    enum Kind {
        /** Parsed; {@link #tree} is its meaning. */
        ACCEPTED,
        /** Not a filter: a lexical or syntax error (for ours, a {@code FilterException}). */
        REJECTED,
        /**
         * Upstream's grammar accepts it, but it uses something our parser rejects on purpose (see
         * {@link UpstreamZitiQl}); ours must reject it.
         */
        RESTRICTED,
        /** Our parser failed with something other than a {@code FilterException}: never acceptable. */
        CRASHED
    }

    static Verdict accepted(Sexp tree) {
        return new Verdict(Kind.ACCEPTED, tree, null);
    }

    static Verdict rejected(String why) {
        return new Verdict(Kind.REJECTED, null, why);
    }

    static Verdict restricted(String why) {
        return new Verdict(Kind.RESTRICTED, null, why);
    }

    static Verdict crashed(String why) {
        return new Verdict(Kind.CRASHED, null, why);
    }

    /** Whether our parser's verdict is what this upstream verdict requires. */
    boolean agreesWith(Verdict ours) {
        return switch (kind) {
            case ACCEPTED -> ours.kind == Kind.ACCEPTED && tree.equals(ours.tree);
            case REJECTED, RESTRICTED -> ours.kind == Kind.REJECTED;
            case CRASHED -> false;
        };
    }

    @Override
    public String toString() {
        return kind + (tree != null ? " " + tree : "") + (detail != null ? " [" + detail + "]" : "");
    }
}
