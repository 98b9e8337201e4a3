Feature: A threshold calibrated at 50/50 loses precision at 5/95
  A threshold tuned on a balanced calibration set answers the question for
  a 50% base rate. Shipped into a stream where 5 items in 100 are
  near-duplicates, the same threshold on the same scores flags far more
  false positives per true one.

  Background:
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs

  @fast
  Scenario: The 50/50 threshold falls well short of its target at 5/95
    Given thresholds are examined for encoder "efficientnet-lite0"
    When the threshold is calibrated at precision 0.95 and base rate 0.5
    Then the threshold lies between 0.5 and 0.95
    When the threshold calibrated at precision 0.95 and base rate 0.5 is shipped to base rate 0.05
    Then the realised precision of the shipped threshold is below 0.8
    And the realised precision of the shipped threshold is at least 0.3

  @fast
  Scenario: Re-picking the threshold at 5/95 restores the target
    Given thresholds are examined for encoder "efficientnet-lite0"
    When the threshold calibrated at precision 0.95 and base rate 0.05 is shipped to base rate 0.05
    Then the realised precision of the shipped threshold is at least 0.95
