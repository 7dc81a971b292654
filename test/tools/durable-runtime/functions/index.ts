import './activities';
import './orchestrations';
import './starters';
