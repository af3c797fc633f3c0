/** Official annual results (第七条): frozen, versioned, published (公示) on their topic, exported as XLSX and PDF. */
package cn.jiyuan.integrity.query.official;
