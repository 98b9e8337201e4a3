Feature: Estimating the production base rate without ground truth
  A threshold is only right for the base rate it was chosen at, and the
  base rate in production moves. It is estimated from a stratified audit:
  50 items per score band, band positive rates weighted by the stream's
  band shares. Auditing only flagged items measures precision instead.

  The stream is simulated with known truth: positives score like
  Beta(8, 2), negatives like Beta(2, 6).

  Background:
    Given a production stream of 4000 items with base rate 0.05 and seed 11

  @fast
  Scenario: A stratified audit recovers the base rate
    When the base rate is estimated from an audit of 50 items per score band drawn with seed 3
    Then the estimated base rate interval covers the true base rate
    And the estimated base rate is within 0.03 of the true base rate

  @fast
  Scenario: Auditing only flagged items overstates the base rate
    When only the items flagged at threshold 0.7 are audited
    Then the flagged-only audit overstates the base rate by at least 0.3

  @fast
  Scenario: A base-rate shift raises a week-on-week band alert
    When the base rate is estimated from an audit of 50 items per score band drawn with seed 3
    Given the stream shifts to base rate 0.5 with seed 12
    When the base rate is estimated from an audit of 50 items per score band drawn with seed 4
    And this week's audit is compared with last week's
    Then a week-on-week alert is raised for band "[0,0.7)"


  @fast
  Scenario: The threshold is re-picked at the estimated base rate
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    And thresholds are examined for encoder "efficientnet-lite0"
    When the pipeline runs
    And the base rate is estimated from an audit of 50 items per score band drawn with seed 3
    And the threshold is recalibrated at precision 0.95 for the estimated base rate
    Then the recalibrated threshold is at least the one calibrated at precision 0.95 and base rate 0.5
