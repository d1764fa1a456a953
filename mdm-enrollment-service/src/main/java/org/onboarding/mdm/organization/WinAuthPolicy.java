package org.onboarding.mdm.organization;

/**
 * How an organisation's Windows devices prove they hold an enrollment token (the AuthPolicy that discovery
 * advertises): {@code Federated}, our sign-in page where the user types the code, or {@code OnPremise}, the e-mail as
 * user name and the code as password. The constant names are the protocol's values.
 */
public enum WinAuthPolicy {
    Federated,
    OnPremise
}
