// Corporate Parenting Board: starts the GOV.UK Frontend and MOJ Frontend
// JavaScript components. Loaded as an ES module (type="module"), so it only
// runs in browsers that GOV.UK Frontend supports.
import { initAll as initGovukFrontend } from './govuk-frontend.min.js'
import * as MOJFrontend from './moj-frontend.min.js'

initGovukFrontend()

if (typeof MOJFrontend.initAll === 'function') {
  MOJFrontend.initAll()
}
