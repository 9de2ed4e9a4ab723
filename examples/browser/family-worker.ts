/**
 * A family worker for the page: computes the features of response maps that the
 * extraction worker hands over (filtered image types). The package's own module, bundled.
 */
import "radiomics/family-worker";
