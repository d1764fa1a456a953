-- Plan features per organisation (mdm.md §1.1: 5050 when Windows MDM is not in the plan, 5017 over the quota of live
-- tokens) and its Windows enterprise, created on first use.
ALTER TABLE organization
    ADD COLUMN windows_mdm_allowed    boolean     NOT NULL DEFAULT true,
    ADD COLUMN enrollment_token_quota integer     NOT NULL DEFAULT 100 CHECK (enrollment_token_quota >= 0),
    ADD COLUMN win_enterprise_id      varchar(24) UNIQUE CHECK (win_enterprise_id ~ '^[a-f0-9]{24}$');

-- Device employees: the people enrollment tokens are issued to. One per e-mail per organisation, case-insensitive.
CREATE TABLE mdm_user (
    id              varchar(24)  PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    organization_id varchar(24)  NOT NULL REFERENCES organization (id),
    email           varchar(128) NOT NULL,
    display_name    varchar(128),
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
CREATE UNIQUE INDEX mdm_user_email_uq ON mdm_user (organization_id, lower(email));

-- Windows policies (mdm.md §3). The nested lists are validated by the API and stored as JSON text; deleted_at keeps
-- the policy readable from dead tokens that still point at it.
CREATE TABLE win_policy (
    id                  varchar(24)  PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    organization_id     varchar(24)  NOT NULL REFERENCES organization (id),
    win_enterprise_id   varchar(24)  NOT NULL,
    name                varchar(256) NOT NULL,
    version             integer      NOT NULL CHECK (version >= 1),
    config              text         NOT NULL,
    applications        text         NOT NULL,
    scripts             text         NOT NULL,
    admx_configs        text         NOT NULL,
    assets              text         NOT NULL,
    agent_configuration text,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    deleted_at          timestamptz
);
CREATE INDEX win_policy_org_idx ON win_policy (organization_id, created_at) WHERE deleted_at IS NULL;

-- Windows enrollment tokens (mdm.md §2).
CREATE TABLE win_enrollment_token (
    id                varchar(24)  PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    organization_id   varchar(24)  NOT NULL REFERENCES organization (id),
    win_enterprise_id varchar(24)  NOT NULL,
    win_device_id     varchar(24),
    mdm_user_id       varchar(24)  NOT NULL REFERENCES mdm_user (id),
    display_name      varchar(128),
    tags              text         NOT NULL,
    state             varchar(16)  NOT NULL CHECK (state IN ('PENDING', 'DONE', 'EXPIRED', 'DELETED')),
    config            text         NOT NULL,
    type              varchar(128) NOT NULL,
    sub_type          varchar(128) NOT NULL,
    enrollment_link   varchar(500) NOT NULL,
    enroll_code       varchar(128) NOT NULL,
    win_policy_id     varchar(24)  REFERENCES win_policy (id),
    send_email        boolean      NOT NULL,
    email_text        text,
    language          varchar(8),
    segment_id        integer,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL,
    expire_at         timestamptz  NOT NULL
);
-- A code identifies exactly one live token (mdm.md §2.7).
CREATE UNIQUE INDEX win_enrollment_token_live_code_uq ON win_enrollment_token (enroll_code) WHERE state = 'PENDING';
CREATE INDEX win_enrollment_token_org_idx ON win_enrollment_token (organization_id, created_at);
CREATE INDEX win_enrollment_token_pending_idx ON win_enrollment_token (expire_at) WHERE state = 'PENDING';

-- The policy stack of a token: winPolicyAssignments[] = {winPolicyId, priority}.
CREATE TABLE win_policy_assignment (
    id            varchar(24) PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    token_id      varchar(24) NOT NULL REFERENCES win_enrollment_token (id) ON DELETE CASCADE,
    win_policy_id varchar(24) NOT NULL REFERENCES win_policy (id),
    priority      integer     NOT NULL CHECK (priority BETWEEN 0 AND 10000),
    position      integer     NOT NULL
);
CREATE UNIQUE INDEX win_policy_assignment_uq ON win_policy_assignment (token_id, win_policy_id);
CREATE INDEX win_policy_assignment_policy_idx ON win_policy_assignment (win_policy_id);
