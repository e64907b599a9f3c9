'use strict';
// Aliases: Create/Get/List/Update/DeleteAlias, with routing weights onto published versions.
// Mixed into Registry (registry.js); `this` is the registry.

const crypto = require('node:crypto');

const { notFound, conflict, revisionMismatch, validation } = require('./errors');
const { paginate } = require('./paginate');

const aliasMethods = {
  renderAlias(fn, a) {
    const out = { AliasArn: this.arns.qualified(fn.name, a.Name), Name: a.Name, FunctionVersion: a.FunctionVersion, Description: a.Description || '' };
    if (a.RoutingConfig) out.RoutingConfig = structuredClone(a.RoutingConfig);
    out.RevisionId = a.RevisionId;
    return out;
  },

  checkAliasTarget(fn, version, routing) {
    if (version !== '$LATEST' && !fn.versions[version]) throw notFound('Function', this.arns.qualified(fn.name, version));
    for (const v of Object.keys((routing && routing.AdditionalVersionWeights) || {})) {
      if (!fn.versions[v]) throw notFound('Function', this.arns.qualified(fn.name, v));
    }
  },

  createAlias(raw, input) {
    const { fn } = this.fn(raw);
    const name = input.Name;
    if (!name || !/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name === '$LATEST') {
      throw validation(name, 'name', 'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)');
    }
    if (!input.FunctionVersion) throw validation('null', 'functionVersion', 'Member must not be null');
    if (fn.aliases[name]) throw conflict(`Alias already exists: ${this.arns.qualified(fn.name, name)}`);
    this.checkAliasTarget(fn, input.FunctionVersion, input.RoutingConfig);
    const a = { Name: name, FunctionVersion: input.FunctionVersion, Description: input.Description || '', RevisionId: crypto.randomUUID() };
    if (input.RoutingConfig && Object.keys(input.RoutingConfig.AdditionalVersionWeights || {}).length) a.RoutingConfig = structuredClone(input.RoutingConfig);
    fn.aliases[name] = a;
    this.save();
    return this.renderAlias(fn, a);
  },

  alias(fn, name) {
    const a = fn.aliases[name];
    if (!a) throw notFound('Alias', this.arns.qualified(fn.name, name));
    return a;
  },

  getAlias(raw, name) {
    const { fn } = this.fn(raw);
    return this.renderAlias(fn, this.alias(fn, name));
  },

  listAliases(raw, { FunctionVersion, Marker, MaxItems }) {
    const { fn } = this.fn(raw);
    const entries = Object.keys(fn.aliases).sort()
      .filter((n) => !FunctionVersion || fn.aliases[n].FunctionVersion === FunctionVersion)
      .map((n) => ({ key: [n, 0], out: () => this.renderAlias(fn, fn.aliases[n]) }));
    const page = paginate(entries, Marker, MaxItems);
    return { ...(page.next ? { NextMarker: page.next } : {}), Aliases: page.items };
  },

  updateAlias(raw, name, input) {
    const { fn } = this.fn(raw);
    const a = this.alias(fn, name);
    if (input.RevisionId && input.RevisionId !== a.RevisionId) throw revisionMismatch();
    const version = input.FunctionVersion || a.FunctionVersion;
    const routing = input.RoutingConfig !== undefined ? input.RoutingConfig : a.RoutingConfig;
    this.checkAliasTarget(fn, version, routing);
    a.FunctionVersion = version;
    if (input.Description !== undefined) a.Description = input.Description;
    if (input.RoutingConfig !== undefined) {
      if (input.RoutingConfig && Object.keys(input.RoutingConfig.AdditionalVersionWeights || {}).length) a.RoutingConfig = structuredClone(input.RoutingConfig);
      else delete a.RoutingConfig;
    }
    a.RevisionId = crypto.randomUUID();
    this.save();
    return this.renderAlias(fn, a);
  },

  deleteAlias(raw, name) {
    const { fn } = this.fn(raw);
    this.alias(fn, name);
    delete fn.aliases[name];
    this.save();
  },
};

module.exports = { aliasMethods };
