Feature: ROC looks great, precision is what ships
  ROC curves are conditioned on the true label, so they do not move when
  the base rate moves. Precision does: at a low base rate the same false
  positive rate produces more false positives for every true positive.

  Background:
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs

  @fast
  Scenario: A perfect ROC-AUC still loses precision at a 1% base rate
    Given thresholds are examined for encoder "efficientnet-lite0"
    Then the ROC-AUC is at least 0.99
    And the average precision is at least 0.99
    When the threshold calibrated at precision 0.95 and base rate 0.5 is shipped to base rate 0.01
    Then the realised precision of the shipped threshold is below 0.5
