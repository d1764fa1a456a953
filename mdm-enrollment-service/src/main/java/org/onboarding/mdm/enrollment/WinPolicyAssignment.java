package org.onboarding.mdm.enrollment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a token's {@code winPolicyAssignments}: a policy and its priority (lower = stronger). */
@Entity
@Table(name = "win_policy_assignment")
public class WinPolicyAssignment extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "token_id", nullable = false)
    public String tokenId;

    /** Null when the assignment names no policy (only its priority is required). */
    @Column(name = "win_policy_id")
    public String winPolicyId;

    @Column(nullable = false)
    public int priority;

    /** Keeps the order the caller gave. */
    @Column(nullable = false)
    public int position;
}
