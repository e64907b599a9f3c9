'use strict';
// Function code: the uploaded zip's CodeSha256/CodeSize, and its extracted folder on disk
// (workDir/code/<name>/<sha256 hex>), shared by every record with the same code.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const AdmZip = require('adm-zip');

const { invalid } = require('./errors');

function codeZip(code) {
  if (!code || !code.ZipFile) {
    throw invalid('Please provide a source for function code (Code.ZipFile); S3 and image sources are not available in the sandbox.');
  }
  return Buffer.from(code.ZipFile, 'base64');
}

function codeMembers(zip) {
  const sha = crypto.createHash('sha256').update(zip).digest();
  return { CodeSha256: sha.toString('base64'), CodeSize: zip.length, _codeKey: sha.toString('hex') };
}

function codeDir(workDir, name, rec) { return path.join(workDir, 'code', name, rec._codeKey); }

/** Extracts `zip` to the record's code folder unless it is there already. */
function storeCode(workDir, name, rec, zip) {
  const dir = codeDir(workDir, name, rec);
  if (fs.existsSync(dir)) return;
  const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  try {
    new AdmZip(zip).extractAllTo(tmp, true);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw invalid('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  fs.renameSync(tmp, dir);
}

function removeCode(workDir, name) {
  fs.rmSync(name === undefined ? path.join(workDir, 'code') : path.join(workDir, 'code', name), { recursive: true, force: true });
}

module.exports = { codeZip, codeMembers, codeDir, storeCode, removeCode };
