Feature: Budget for hard negatives by calibrating at a stricter target
  Pseudo-positive twins are easy, and random negatives are mostly easy too.
  The highest-scoring true negatives sit far closer to the positives, so
  the threshold to commit to is calibrated at a stricter precision target
  than the one the product ships against, and the hardest negatives are
  kept in a bucket that is re-checked after every encoder change.

  Background:
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs

  @fast
  Scenario: The hardest negatives pair look-alike classes
    Given thresholds are examined for encoder "efficientnet-lite0"
    When the top 10 hard negatives are mined
    Then the hard negatives mix only the classes "chair, table, bed"
    And the hard negatives involve at least 2 classes

  @fast
  Scenario: A stricter calibration target keeps the hard negatives out
    Given thresholds are examined for encoder "efficientnet-lite0"
    Then the threshold at precision 0.95 is stricter than at precision 0.90 at base rate 0.05
    When the top 10 hard negatives are mined
    Then at most 1 hard negatives reach the threshold calibrated at precision 0.95 and base rate 0.05
    And at least 10 hard negatives reach the threshold calibrated at precision 0.90 and base rate 0.5

  @fast
  Scenario: The hard-negative bucket is re-checked after an encoder change
    When the hard-negative bucket of encoder "pointnet-proxy" is re-scored with encoder "efficientnet-lite0" at precision 0.95 and base rate 0.05
    Then every bucket negative was re-scored
    And at most 0 bucket negatives cross the new threshold
