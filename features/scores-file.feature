Feature: Thresholds from an exported scores file
  Threshold steps also run on a scored pairs CSV, without rendering or
  models, for scores exported from another system.

  @fast
  Scenario: Scores exported from production keep their threshold
    Given 200 bootstrap resamples
    When the scored pairs in "fixtures/audit/calibration-scores.csv" are swept
    Then the precision reaches 0.95 at base rate 0.5 with recall at least 0.5
    And the threshold rises as the base rate falls at precision 0.95
