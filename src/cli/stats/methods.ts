/** Every method `fairview stats` offers, in the order the help lists them. */
import type { StatsMethod } from './method.ts';
import { dsrMethod } from './method-dsr.ts';
import { funnelMethod } from './method-funnel.ts';
import { isrMethod } from './method-isr.ts';
import { meanMethod } from './method-mean.ts';
import { proportionMethod } from './method-proportion.ts';
import { rateMethod } from './method-rate.ts';
import { spcMethod } from './method-spc.ts';

export const methods: StatsMethod[] = [
  proportionMethod,
  rateMethod,
  meanMethod,
  dsrMethod,
  isrMethod,
  funnelMethod,
  spcMethod,
];
