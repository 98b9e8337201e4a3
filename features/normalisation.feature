Feature: L2-normalise embeddings before measuring distance
  Each embedding family has its own distribution of vector lengths, so a
  threshold on raw L2 distance tracks the encoder's norms rather than the
  direction of its vectors, and raw L2 and cosine put the line in different
  places on borderline pairs. Cosine, and L2 on unit vectors, do not.

  Background:
    Given the built-in catalog with 4 classes and 10 objects per class
    And the encoder preset "pointnet-proxy"
    And the encoder preset "efficientnet-lite0"
    And 400 negative pairs
    When the pipeline runs

  @fast
  Scenario: Pre-normalisation norms differ by encoder
    Then the median pre-normalisation norm of encoder "pointnet-proxy" lies between 0.5 and 2.0
    And the median pre-normalisation norm of encoder "efficientnet-lite0" lies between 8.0 and 25.0
    And the median pre-normalisation norms of encoders "pointnet-proxy" and "efficientnet-lite0" differ by a factor of at least 5.0

  @fast
  Scenario: Raw L2 and cosine disagree on borderline pairs
    Given thresholds are examined for encoder "efficientnet-lite0"
    Then raw L2 and cosine disagree on at least 1 pairs
    And raw L2 and cosine disagree on at most 40 pairs
