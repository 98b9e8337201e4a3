Feature: The threshold depends on the base rate it was chosen at
  For a fixed encoder, similarity and precision target, the lowest
  threshold that reaches the target rises as the positive base rate falls.
  The rotation-only twins of this configuration are easy, so recall stays
  high at every base rate; harder perturbations cost recall.

  Background:
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs

  @fast
  Scenario: The threshold rises as the base rate falls
    Given thresholds are examined for encoder "efficientnet-lite0"
    Then the threshold rises as the base rate falls at precision 0.95
    And the threshold rises as the base rate falls at precision 0.90
    And the precision reaches 0.95 at base rate 0.05 with recall at least 0.9

  @fast
  Scenario: The geometric descriptor shows the same shift
    Given thresholds are examined for encoder "pointnet-proxy"
    Then the threshold rises as the base rate falls at precision 0.95

  @fast
  Scenario: The thresholds of the fast configuration are pinned
    Then the pinned thresholds match snapshot "fast-builtin-4x10"
