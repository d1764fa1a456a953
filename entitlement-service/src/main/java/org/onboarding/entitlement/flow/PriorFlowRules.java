package org.onboarding.entitlement.flow;

/** The prior-flow table (see README, Contract notes, Prior-flow rules): may an application flow of a type start, given the last flow of that application? */
final class PriorFlowRules {

    private PriorFlowRules() {
    }

    /** @return the reason to refuse, or null when the request may go on */
    static String reasonToRefuse(String requestedType, String lastType, String lastStatus) {
        String type = lastType.toLowerCase();
        if (!requestedType.equals(lastType)) {
            return switch (lastStatus) {
                case "QUEUED" -> "Another " + type + " flow is in queue";
                case "IN_PROGRESS" -> "Another " + type + " flow is in progress";
                case "FAILED" -> "Previous " + type + " flow failed";
                case "CANCELLED" -> "Previous " + type + " flow canceled";
                case "FINISHED" -> requestedType.equals("ENTITLE") && lastType.equals("UPGRADE") ? "Upgrade flow finished" : null;
                default -> null;
            };
        }
        String capitalized = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        return switch (lastStatus) {
            case "QUEUED" -> capitalized + " flow is in queue";
            case "IN_PROGRESS" -> capitalized + " flow is in progress";
            case "FINISHED" -> lastType.equals("UPGRADE") ? null : capitalized + " flow finished";
            default -> null;
        };
    }
}
