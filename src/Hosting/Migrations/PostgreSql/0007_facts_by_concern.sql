-- Grains by concern (docs/architecture.md §3): a unit's office work, duty and problem register are
-- kept by grains of their own, whose rows have owners of their own ("office:", "duty:", "problems:"
-- and the unit's id). A unit whose parts were never counted has its concern grains count them when
-- it next activates.
UPDATE fact SET owner = 'problems:' || owner
WHERE kind = 'problem' AND owner ~ '^[0-9]{12}$';

UPDATE fact SET owner = 'office:' || owner
WHERE kind IN ('training', 'inspection-round', 'closed-month', 'points', 'closed-year') AND owner ~ '^[0-9]{12}$';

UPDATE fact SET owner = 'duty:' || owner
WHERE kind IN ('member', 'check-in', 'counted-check-ins', 'leave', 'absence', 'feedback', 'card-issued') AND owner ~ '^[0-9]{12}$';
