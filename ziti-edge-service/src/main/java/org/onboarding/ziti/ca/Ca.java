package org.onboarding.ziti.ca;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.onboarding.ziti.persistence.BaseEntity;

/** A third-party CA; only what ottca enrollments need (existence, name for references). */
@Entity
@Table(name = "ca")
public class Ca extends BaseEntity {

    @Column(nullable = false)
    public String name;
}
